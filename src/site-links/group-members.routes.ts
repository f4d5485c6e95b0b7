/**
 * The members of a site's groups in Veil's own API, for the site's admins: only linked accounts join a
 * group, and adding one answers with the member's link to the site.
 */

import { requireSiteAdmin } from '../auth/caller.ts';
import type { StoreDeps } from '../db/schema.ts';
import { baseUrlOf } from '../http/base-url.ts';
import { NoContent, veilErrors } from '../http/contracts.ts';
import type { VeilApp } from '../http/server.ts';
import { GroupMemberParams } from '../site-groups/site-groups.schemas.ts';
import { addLinkedAccountToGroup, removeAccountFromGroup } from './linked-accounts.service.ts';
import { renderLinkedAccounts } from './site-links.representation.ts';
import { LinkView } from './site-links.schemas.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export type Deps = StoreDeps;

const tags = ['sites'];

/** `PUT` and `DELETE /veil/v1/sites/{siteId}/groups/{groupId}/members/{accountId}`. */
export function registerGroupMemberRoutes(app: VeilApp, deps: Deps) {
  registerAddMember(app, deps);
  registerRemoveMember(app, deps);
}

function registerAddMember(app: VeilApp, { db, clock }: Deps) {
  app.put(
    '/veil/v1/sites/:siteId/groups/:groupId/members/:accountId',
    {
      schema: {
        tags,
        summary: 'Add a linked account to a group',
        params: GroupMemberParams,
        response: { 200: LinkView, ...veilErrors },
      },
    },
    async (request) => {
      const caller = requireSiteAdmin(request.caller, request.params.siteId);
      const entries = await addLinkedAccountToGroup(db, clock, request.params, caller.account.accountId);
      const [rendered] = renderLinkedAccounts(
        entries,
        request.params.siteId,
        caller.viewer,
        baseUrlOf(request),
      );
      return rendered!;
    },
  );
}

function registerRemoveMember(app: VeilApp, { db, clock }: Deps) {
  app.delete(
    '/veil/v1/sites/:siteId/groups/:groupId/members/:accountId',
    {
      schema: {
        tags,
        summary: 'Remove an account from a group',
        params: GroupMemberParams,
        response: { 204: NoContent, ...veilErrors },
      },
    },
    async (request, reply) => {
      const caller = requireSiteAdmin(request.caller, request.params.siteId);
      await removeAccountFromGroup(db, clock, request.params, caller.account.accountId);
      return reply.status(204).send(null);
    },
  );
}
