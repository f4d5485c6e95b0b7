import type { Kysely } from 'kysely';
import { type Static, Type } from 'typebox';
import { requirePerson, requirePlatformAdmin, requireSiteAdmin } from '../auth/caller.ts';
import type { Clock } from '../clock/clock.ts';
import type { Database } from '../db/schema.ts';
import { VeilError } from '../errors/veil-error.ts';
import { NoContent, veilErrors } from '../http/contracts.ts';
import type { VeilApp } from '../http/server.ts';
import { migrationStageAt, parseInstant, type SiteMigration } from './migration-stage.ts';
import { registerSiteAccountRoutes } from './site-accounts.routes.ts';
import type { Site } from './sites.model.ts';
import {
  GroupParams,
  GroupView,
  type MigrationBody,
  NewGroupBody,
  NewSiteBody,
  ProjectBody,
  PublicSiteView,
  SiteAccountParams,
  SiteParams,
  SiteSettingsBody,
  SiteView,
} from './sites.schemas.ts';
import {
  addSiteAdmin,
  createGroup,
  createProject,
  createSite,
  deleteGroup,
  getSite,
  listSites,
  removeSiteAdmin,
  updateSite,
} from './sites.service.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
}

function renderSite(site: Site, now: Date) {
  const { migration } = site;
  return {
    ...site,
    default: site.isDefault,
    migration: { stage: migration.stage, deprecationEnds: migration.deprecationEnds?.toISOString() ?? null },
    stageNow: migrationStageAt(site, now),
  };
}

/** A migration as the body gives it, as the domain holds it. */
function readMigration(body: Static<typeof MigrationBody> | undefined): SiteMigration | undefined {
  if (!body) return undefined;
  return {
    stage: body.stage,
    // The contract's date-time format is this same parser, so the instant is there.
    deprecationEnds: body.deprecationEnds ? (parseInstant(body.deprecationEnds) ?? null) : null,
  };
}

/** Sites, their hosts and products, the accounts linked to them, groups, admins and projects. */
export function registerSiteRoutes(app: VeilApp, deps: Deps) {
  const tags = ['sites'];
  const { db, clock } = deps;

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
      const site = await db
        .transaction()
        .execute((trx) =>
          createSite(trx, clock, { ...rest, isDefault, migration: readMigration(migration) }),
        );
      return reply.status(201).send(renderSite(site, clock.now()));
    },
  );

  app.get(
    '/veil/v1/sites/:siteId',
    { schema: { tags, summary: 'One site', params: SiteParams, response: { 200: SiteView, ...veilErrors } } },
    async (request) => {
      requireSiteAdmin(request.caller, request.params.siteId);
      return renderSite(await getSite(db, request.params.siteId), clock.now());
    },
  );

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
      const site = await db
        .transaction()
        .execute((trx) =>
          updateSite(trx, request.params.siteId, { ...rest, isDefault, migration: readMigration(migration) }),
        );
      return renderSite(site, clock.now());
    },
  );

  app.put(
    '/veil/v1/sites/:siteId/admins/:accountId',
    {
      schema: {
        tags,
        summary: 'Make an account a site admin',
        params: SiteAccountParams,
        response: { 200: SiteView, ...veilErrors },
      },
    },
    async (request) => {
      requireSiteAdmin(request.caller, request.params.siteId);
      await getSite(db, request.params.siteId);
      await addSiteAdmin(db, request.params.siteId, request.params.accountId);
      return renderSite(await getSite(db, request.params.siteId), clock.now());
    },
  );

  app.delete(
    '/veil/v1/sites/:siteId/admins/:accountId',
    {
      schema: {
        tags,
        summary: 'Remove a site admin',
        params: SiteAccountParams,
        response: { 204: NoContent, ...veilErrors },
      },
    },
    async (request, reply) => {
      requireSiteAdmin(request.caller, request.params.siteId);
      await getSite(db, request.params.siteId);
      await removeSiteAdmin(db, request.params.siteId, request.params.accountId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/veil/v1/sites/:siteId/groups',
    {
      schema: {
        tags,
        summary: 'Create a group',
        params: SiteParams,
        body: NewGroupBody,
        response: { 201: GroupView, ...veilErrors },
      },
    },
    async (request, reply) => {
      requireSiteAdmin(request.caller, request.params.siteId);
      await getSite(db, request.params.siteId);
      return reply.status(201).send(await createGroup(db, clock, request.params.siteId, request.body.name));
    },
  );

  app.delete(
    '/veil/v1/sites/:siteId/groups/:groupId',
    {
      schema: {
        tags,
        summary: 'Delete a group',
        params: GroupParams,
        response: { 204: NoContent, ...veilErrors },
      },
    },
    async (request, reply) => {
      requireSiteAdmin(request.caller, request.params.siteId);
      await deleteGroup(db, request.params.siteId, request.params.groupId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/veil/v1/sites/:siteId/projects',
    {
      schema: {
        tags,
        summary: 'Create a project',
        params: SiteParams,
        body: ProjectBody,
        response: { 201: SiteView, ...veilErrors },
      },
    },
    async (request, reply) => {
      requireSiteAdmin(request.caller, request.params.siteId);
      await getSite(db, request.params.siteId);
      await createProject(db, request.params.siteId, request.body);
      return reply.status(201).send(renderSite(await getSite(db, request.params.siteId), clock.now()));
    },
  );

  registerSiteAccountRoutes(app, deps);
}
