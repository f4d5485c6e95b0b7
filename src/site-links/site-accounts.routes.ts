/**
 * The accounts linked to a site, as its admins manage them: the link itself (product access, groups,
 * legacy identifiers, and `active`, the person's access to this site only) and group membership.
 */
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import { renderAccountView } from '../accounts/accounts.representation.ts';
import { findAccounts } from '../accounts/accounts.service.ts';
import type { Database } from '../db/schema.ts';
import { baseUrlOf } from '../http/base-url.ts';
import { type PersonCaller, requireSiteAdmin } from '../http/caller.ts';
import { NoContent, veilErrors } from '../http/contracts.ts';
import type { Dependencies, VeilApp } from '../http/server.ts';
import { changeSiteLink, leaveSite } from './site-membership.service.ts';
import { type SiteLink, statusOnLink } from './sites.model.ts';
import { GroupMemberParams, LinkBody, LinkView, SiteAccountParams, SiteParams } from './sites.schemas.ts';
import { addGroupMember, getLink, getSite, listLinks, removeGroupMember } from './sites.service.ts';

/** The site's links as its admin sees them: each account through the one decision, and its access here. */
async function renderLinks(
  db: Kysely<Database>,
  siteId: string,
  links: readonly SiteLink[],
  caller: PersonCaller,
  request: FastifyRequest,
) {
  const found = await findAccounts(
    db,
    links.map((l) => l.accountId),
  );
  const accounts = new Map(found.map((a) => [a.accountId, a]));
  return links.flatMap((link) => {
    const account = accounts.get(link.accountId);
    if (!account) return [];
    return [
      {
        account: renderAccountView(account, caller.viewer, baseUrlOf(request)),
        products: [...link.products],
        groups: [...link.groups],
        linkedAt: link.linkedAt.toISOString(),
        active: statusOnLink(account, siteId, link) === 'active',
        username: link.username,
        userKey: link.userKey,
      },
    ];
  });
}

/** The routes of the accounts linked to a site and of their groups (`registerSiteRoutes` registers them). */
export function registerSiteAccountRoutes(app: VeilApp, deps: Dependencies) {
  const tags = ['sites'];
  const { db, clock } = deps;

  app.get(
    '/veil/v1/sites/:siteId/accounts',
    {
      schema: {
        tags,
        summary: 'The accounts linked to the site',
        params: SiteParams,
        response: { 200: Type.Array(LinkView), ...veilErrors },
      },
    },
    async (request) => {
      const caller = requireSiteAdmin(request.caller, request.params.siteId);
      await getSite(db, request.params.siteId);
      return renderLinks(
        db,
        request.params.siteId,
        await listLinks(db, request.params.siteId),
        caller,
        request,
      );
    },
  );

  app.put(
    '/veil/v1/sites/:siteId/accounts/:accountId',
    {
      schema: {
        tags,
        summary:
          "Link an account to the site, or change its product access, groups, or access to this site only ('active')",
        params: SiteAccountParams,
        body: LinkBody,
        response: { 200: LinkView, ...veilErrors },
      },
    },
    async (request) => {
      const caller = requireSiteAdmin(request.caller, request.params.siteId);
      const by = { accountId: caller.account.accountId, isPlatformAdmin: caller.isPlatformAdmin };
      const link = await changeSiteLink(db, clock, request.params, request.body, by);
      const [rendered] = await renderLinks(db, request.params.siteId, [link], caller, request);
      return rendered!;
    },
  );

  app.delete(
    '/veil/v1/sites/:siteId/accounts/:accountId',
    {
      schema: {
        tags,
        summary: 'Unlink an account from the site (the account is kept)',
        params: SiteAccountParams,
        response: { 204: NoContent, ...veilErrors },
      },
    },
    async (request, reply) => {
      const caller = requireSiteAdmin(request.caller, request.params.siteId);
      const { siteId, accountId } = request.params;
      await db
        .transaction()
        .execute((trx) => leaveSite(trx, clock, siteId, accountId, caller.account.accountId));
      return reply.status(204).send(null);
    },
  );

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
      const { siteId, groupId, accountId } = request.params;
      await addGroupMember(db, siteId, groupId, accountId);
      const [rendered] = await renderLinks(
        db,
        request.params.siteId,
        [await getLink(db, siteId, accountId)],
        caller,
        request,
      );
      return rendered!;
    },
  );

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
      requireSiteAdmin(request.caller, request.params.siteId);
      const { siteId, groupId, accountId } = request.params;
      await removeGroupMember(db, siteId, groupId, accountId);
      return reply.status(204).send(null);
    },
  );
}
