/** A site's admins in Veil's own API, for the site's admins. */

import type { Kysely } from 'kysely';
import { requireSiteAdmin } from '../auth/caller.ts';
import type { Clock } from '../clock/clock.ts';
import type { Database } from '../db/schema.ts';
import { NoContent, veilErrors } from '../http/contracts.ts';
import type { VeilApp } from '../http/server.ts';
import { grantSiteAdmin, revokeSiteAdmin } from './site-admins.service.ts';
import { renderSite } from './sites.representation.ts';
import { SiteAccountParams, SiteView } from './sites.schemas.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
}

const tags = ['sites'];

/** `PUT` and `DELETE /veil/v1/sites/{siteId}/admins/{accountId}`. */
export function registerSiteAdminRoutes(app: VeilApp, deps: Deps) {
  registerAddAdmin(app, deps);
  registerRemoveAdmin(app, deps);
}

function registerAddAdmin(app: VeilApp, { db, clock }: Deps) {
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
      const site = await grantSiteAdmin(db, request.params.siteId, request.params.accountId);
      return renderSite(site, clock.now());
    },
  );
}

function registerRemoveAdmin(app: VeilApp, { db }: Deps) {
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
      await revokeSiteAdmin(db, request.params.siteId, request.params.accountId);
      return reply.status(204).send(null);
    },
  );
}
