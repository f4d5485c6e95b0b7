/** A site's admins in Veil's own API, for the site's admins. */

import { registerAdminRoutes } from '../auth/admin-routes.ts';
import { type Caller, requireSiteAdmin } from '../auth/caller.ts';
import type { StoreDeps } from '../db/schema.ts';
import type { VeilApp } from '../http/server.ts';
import { grantSiteAdmin, revokeSiteAdmin } from './site-admins.service.ts';
import { renderSite } from './sites.representation.ts';
import { SiteAccountParams, SiteView } from './sites.schemas.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export type Deps = StoreDeps;

const tags = ['sites'];

const authorOf = (caller: Caller) => (caller.kind === 'anonymous' ? null : caller.account.accountId);

/** `PUT` and `DELETE /veil/v1/sites/{siteId}/admins/{accountId}`. */
export function registerSiteAdminRoutes(app: VeilApp, { db, clock }: Deps) {
  registerAdminRoutes(app, {
    url: '/veil/v1/sites/:siteId/admins/:accountId',
    tags,
    params: SiteAccountParams,
    view: SiteView,
    summaries: { add: 'Make an account a site admin', remove: 'Remove a site admin' },
    authorize: (caller, { siteId }) => requireSiteAdmin(caller, siteId),
    add: async (target, caller) =>
      renderSite(await grantSiteAdmin(db, clock, target, authorOf(caller)), clock.now()),
    remove: (target, caller) => revokeSiteAdmin(db, clock, target, authorOf(caller)),
  });
}
