/**
 * A site's groups in Veil's own API, for the site's admins. Their members are changed through
 * site-links/group-members.routes.ts, which answers with the member's link to the site.
 */

import { requireSiteAdmin } from '../auth/caller.ts';
import type { StoreDeps } from '../db/schema.ts';
import { NoContent, veilErrors } from '../http/contracts.ts';
import type { VeilApp } from '../http/server.ts';
import { createGroupAudited, deleteGroupAudited, groupAdmin } from './group-admin.service.ts';
import { GroupParams, GroupView, NewGroupBody, SiteGroupsParams } from './site-groups.schemas.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export type Deps = StoreDeps;

const tags = ['sites'];

/** `POST` and `DELETE /veil/v1/sites/{siteId}/groups`. */
export function registerSiteGroupRoutes(app: VeilApp, deps: Deps) {
  registerCreateGroup(app, deps);
  registerDeleteGroup(app, deps);
}

function registerCreateGroup(app: VeilApp, { db, clock }: Deps) {
  app.post(
    '/veil/v1/sites/:siteId/groups',
    {
      schema: {
        tags,
        summary: 'Create a group',
        params: SiteGroupsParams,
        body: NewGroupBody,
        response: { 201: GroupView, ...veilErrors },
      },
    },
    async (request, reply) => {
      const caller = requireSiteAdmin(request.caller, request.params.siteId);
      const admin = groupAdmin({ db, clock }, request.params.siteId, caller, 'Veil admin');
      const group = await createGroupAudited(admin, request.body.name, true);
      return reply.status(201).send(group);
    },
  );
}

function registerDeleteGroup(app: VeilApp, { db, clock }: Deps) {
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
      const caller = requireSiteAdmin(request.caller, request.params.siteId);
      const admin = groupAdmin({ db, clock }, request.params.siteId, caller, 'Veil admin');
      await deleteGroupAudited(admin, { groupId: request.params.groupId });
      return reply.status(204).send(null);
    },
  );
}
