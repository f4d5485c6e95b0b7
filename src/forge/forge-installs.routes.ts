/**
 * Veil's management API for Forge-style apps on a site (site or platform admins): install or upgrade
 * from a manifest (the install is the admin's consent to its scopes), list, and consent to an upgrade
 * whose scopes grow.
 */
import { Type } from 'typebox';
import { requireSiteAdmin } from '../auth/caller.ts';
import type { StoreDeps } from '../db/schema.ts';
import { veilErrors } from '../http/contracts.ts';
import type { VeilApp } from '../http/server.ts';
import { splitScopes } from '../oauth/oauth.model.ts';
import { SiteParams } from '../sites/sites.schemas.ts';
import type { ForgeManifest } from './forge.manifest.ts';
import {
  ForgeInstallationParams,
  ForgeInstallationView,
  ForgeInstallBody,
  ForgeInstallOutcomeView,
} from './forge.schemas.ts';
import {
  consentToForgeUpgrade,
  type ForgeInstallationRow,
  installForgeApp,
  listForgeApps,
} from './forge-installs.service.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps extends StoreDeps {}

const tags = ['forge'];

export function registerForgeInstallRoutes(app: VeilApp, deps: Deps) {
  registerInstall(app, deps);
  registerList(app, deps);
  registerConsent(app, deps);
}

function renderInstallation(row: ForgeInstallationRow) {
  const manifest = row.manifest as ForgeManifest;
  return {
    installationId: row.installation_id,
    siteId: row.site_id,
    appId: row.app_id,
    name: manifest.name,
    version: row.version,
    scopes: splitScopes(row.scopes),
    pendingScopes: row.pending_scopes === null ? null : splitScopes(row.pending_scopes),
    remotes: manifest.remotes.map(({ key, baseUrl }) => ({ key, baseUrl })),
    installedAt: row.installed_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function registerInstall(app: VeilApp, deps: Deps) {
  app.post(
    '/veil/v1/sites/:siteId/forge-apps',
    {
      schema: {
        tags,
        summary: 'Install a Forge app from its manifest (consenting to its scopes), or upgrade it',
        description:
          'An upgrade whose scopes grow is stored as pending (`outcome: pending`): the app keeps its old grant until a site admin consents.',
        params: SiteParams,
        body: ForgeInstallBody,
        response: { 200: ForgeInstallOutcomeView, 201: ForgeInstallOutcomeView, ...veilErrors },
      },
    },
    async (request, reply) => {
      requireSiteAdmin(request.caller, request.params.siteId);
      const done = await installForgeApp(deps, request.params.siteId, request.body.manifest);
      const status = done.outcome === 'installed' ? 201 : 200;
      return reply.status(status).send({ ...renderInstallation(done.installation), outcome: done.outcome });
    },
  );
}

function registerList(app: VeilApp, deps: Deps) {
  app.get(
    '/veil/v1/sites/:siteId/forge-apps',
    {
      schema: {
        tags,
        summary: 'The Forge apps installed on the site, with the scopes in force and any pending',
        params: SiteParams,
        response: { 200: Type.Array(ForgeInstallationView), ...veilErrors },
      },
    },
    async (request) => {
      requireSiteAdmin(request.caller, request.params.siteId);
      return (await listForgeApps(deps, request.params.siteId)).map(renderInstallation);
    },
  );
}

function registerConsent(app: VeilApp, deps: Deps) {
  app.post(
    '/veil/v1/sites/:siteId/forge-apps/:installationId/consent',
    {
      schema: {
        tags,
        summary: 'Consent to the pending upgrade of a Forge app: its manifest and scopes come into force',
        params: ForgeInstallationParams,
        response: { 200: ForgeInstallationView, ...veilErrors },
      },
    },
    async (request) => {
      requireSiteAdmin(request.caller, request.params.siteId);
      const { siteId, installationId } = request.params;
      return renderInstallation(await consentToForgeUpgrade(deps, siteId, installationId));
    },
  );
}
