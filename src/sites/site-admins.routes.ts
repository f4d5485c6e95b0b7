/** A site's admins in Veil's own API, for the site's admins. */
import { requireSiteAdmin } from '../http/caller.ts';
import { NoContent, veilErrors } from '../http/contracts.ts';
import type { Dependencies, VeilApp } from '../http/server.ts';
import { grantSiteAdmin, revokeSiteAdmin } from './site-admins.service.ts';
import { renderSite } from './sites.representation.ts';
import { SiteAccountParams, SiteView } from './sites.schemas.ts';

const tags = ['sites'];

/** `PUT` and `DELETE /veil/v1/sites/{siteId}/admins/{accountId}`. */
export function registerSiteAdminRoutes(app: VeilApp, deps: Dependencies) {
  registerAddAdmin(app, deps);
  registerRemoveAdmin(app, deps);
}

function registerAddAdmin(app: VeilApp, { db, clock }: Dependencies) {
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

function registerRemoveAdmin(app: VeilApp, { db }: Dependencies) {
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
