/**
 * The license API for cloud apps (`GET /rest/atlassian-connect/1/addons/{appKey}`, and under `/wiki`):
 * what an app reads of its own install. Since the GDPR migration the host's contacts (the site's admins)
 * are named by accountId only, never by name or email.
 */

import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import type { InstalledApp } from '../apps/apps.model.ts';
import { getInstalledApp } from '../apps/installed-apps.service.ts';
import type { Database } from '../db/schema.ts';
import type { Directory } from '../directory/directory.ts';
import { VeilError } from '../errors/veil-error.ts';
import type { VeilApp } from '../http/server.ts';
import type { Site } from '../sites/sites.model.ts';
import { requireSiteAccess } from '../user-api/request-context.ts';
import { trackerErrors } from '../user-api/tracker-user.schemas.ts';
import { wikiErrors } from '../user-api/wiki-user.schemas.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps {
  readonly db: Kysely<Database>;
  readonly directory: Directory;
}

const AppLicense = Type.Object({
  key: Type.String(),
  version: Type.Optional(Type.String()),
  state: Type.Literal('ENABLED'),
  host: Type.Object({
    product: Type.String(),
    contacts: Type.Array(Type.Object({ accountId: Type.String() })),
  }),
  license: Type.Optional(
    Type.Object({
      active: Type.Boolean(),
      type: Type.String(),
      evaluation: Type.Boolean(),
      supportEntitlementNumber: Type.String(),
    }),
  ),
});

const notFound = (appKey: string) =>
  new VeilError('connect.app_not_installed', `No app ${appKey} is enabled here`);

/** `GET …/rest/atlassian-connect/1/addons/{appKey}`: an app's own install (or any, for the site's admins). */
export function registerLicenseRoutes(app: VeilApp, deps: Deps) {
  for (const prefix of ['', '/wiki']) {
    app.get(
      `${prefix}/rest/atlassian-connect/1/addons/:appKey`,
      {
        schema: {
          tags: ['connect'],
          summary: 'Get app (the license API for cloud apps)',
          params: Type.Object({ appKey: Type.String() }),
          // Errors in each product's own body: the wiki's under /wiki.
          response: { 200: AppLicense, ...(prefix === '' ? trackerErrors : wikiErrors) },
        },
      },
      async (request) => {
        const site = await requireSiteAccess(request, deps.directory);
        const { appKey } = request.params;
        const { caller } = request;
        const own = caller.kind === 'app' && caller.appKey === appKey;
        const admin =
          caller.kind === 'person' &&
          !caller.impersonation &&
          (caller.isPlatformAdmin || caller.administeredSiteIds.includes(site.id));
        if (!own && !admin) throw notFound(appKey);
        const installed = await getInstalledApp(deps.db, site.id, appKey).catch(() => undefined);
        if (!installed?.install.enabled) throw notFound(appKey);
        return renderAppLicense(site, installed);
      },
    );
  }
}

/** The app as the license API gives it: host contacts by accountId, a license for paid (licensed) apps. */
function renderAppLicense(site: Site, installed: InstalledApp) {
  const { install } = installed;
  const descriptor = install.descriptor as { version?: unknown; enableLicensing?: unknown };
  const license = {
    active: true,
    type: 'COMMERCIAL',
    evaluation: false,
    supportEntitlementNumber: `SEN-${install.clientKey.slice(0, 8)}`,
  };
  return {
    key: install.appKey,
    ...(typeof descriptor.version === 'string' ? { version: descriptor.version } : {}),
    state: 'ENABLED' as const,
    host: {
      product: install.productType === 'confluence' ? 'Confluence' : 'Jira',
      contacts: site.admins.map((accountId) => ({ accountId })),
    },
    ...(descriptor.enableLicensing === true ? { license } : {}),
  };
}
