/** Sites in Veil's own API: the site of this host, and creating, reading and changing sites. */

import { Type } from 'typebox';
import { requirePerson, requirePlatformAdmin, requireSiteAdmin } from '../auth/caller.ts';
import type { StoreDeps } from '../db/schema.ts';
import { VeilError } from '../errors/veil-error.ts';
import { veilErrors } from '../http/contracts.ts';
import type { VeilApp } from '../http/server.ts';
import { createSite, updateSite } from './site-settings.service.ts';
import { readMigration, renderSite } from './sites.representation.ts';
import { NewSiteBody, PublicSiteView, SiteParams, SiteSettingsBody, SiteView } from './sites.schemas.ts';
import { getSite, listSites } from './sites.service.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export type Deps = StoreDeps;

const tags = ['sites'];

/** `GET /veil/v1/site`, `GET` and `POST /veil/v1/sites`, `GET` and `PATCH /veil/v1/sites/{siteId}`. */
export function registerSiteRoutes(app: VeilApp, deps: Deps) {
  registerHostSite(app);
  registerListSites(app, deps);
  registerCreateSite(app, deps);
  registerGetSite(app, deps);
  registerChangeSite(app, deps);
}

function registerHostSite(app: VeilApp) {
  app.get(
    '/veil/v1/site',
    {
      schema: {
        tags,
        summary: 'The site that answers for this host (the default site when no other does)',
        security: [],
        response: { 200: PublicSiteView, ...veilErrors },
      },
    },
    async (request) => {
      if (!request.site) throw new VeilError('site.not_found', `No site answers for ${request.hostname}`);
      const { id, baseUrl, products, anonymousAccess } = request.site;
      return { id, baseUrl, products, anonymousAccess };
    },
  );
}

function registerListSites(app: VeilApp, { db, clock }: Deps) {
  app.get(
    '/veil/v1/sites',
    {
      schema: {
        tags,
        summary: 'Sites you administer (all, for platform admins)',
        response: { 200: Type.Array(SiteView), ...veilErrors },
      },
    },
    async (request) => {
      const caller = requirePerson(request.caller);
      const sites = await listSites(db);
      return sites
        .filter((s) => caller.isPlatformAdmin || caller.administeredSiteIds.includes(s.id))
        .map((site) => renderSite(site, clock.now()));
    },
  );
}

function registerCreateSite(app: VeilApp, { db, clock }: Deps) {
  app.post(
    '/veil/v1/sites',
    {
      schema: {
        tags,
        summary: 'Create a site',
        body: NewSiteBody,
        response: { 201: SiteView, ...veilErrors },
      },
    },
    async (request, reply) => {
      requirePlatformAdmin(request.caller);
      const { default: isDefault, migration, ...rest } = request.body;
      const site = await createSite(db, clock, { ...rest, isDefault, migration: readMigration(migration) });
      return reply.status(201).send(renderSite(site, clock.now()));
    },
  );
}

function registerGetSite(app: VeilApp, { db, clock }: Deps) {
  app.get(
    '/veil/v1/sites/:siteId',
    { schema: { tags, summary: 'One site', params: SiteParams, response: { 200: SiteView, ...veilErrors } } },
    async (request) => {
      requireSiteAdmin(request.caller, request.params.siteId);
      return renderSite(await getSite(db, request.params.siteId), clock.now());
    },
  );
}

function registerChangeSite(app: VeilApp, { db, clock }: Deps) {
  app.patch(
    '/veil/v1/sites/:siteId',
    {
      schema: {
        tags,
        summary: 'Change site settings (which site is the default: platform admins only)',
        params: SiteParams,
        body: SiteSettingsBody,
        response: { 200: SiteView, ...veilErrors },
      },
    },
    async (request) => {
      const caller = requireSiteAdmin(request.caller, request.params.siteId);
      const { default: isDefault, migration, ...rest } = request.body;
      // The default site answers every unknown host, and making one the default unmakes the others.
      if (isDefault !== undefined && !caller.isPlatformAdmin)
        throw new VeilError('auth.forbidden', 'Only a platform admin may choose the default site');
      const settings = { ...rest, isDefault, migration: readMigration(migration) };
      return renderSite(await updateSite(db, request.params.siteId, settings), clock.now());
    },
  );
}
