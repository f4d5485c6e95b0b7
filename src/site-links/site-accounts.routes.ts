/**
 * The accounts linked to a site, as its admins manage them: the link itself (product access, groups,
 * legacy identifiers, and `active`, the person's access to this site only).
 */

import { Type } from 'typebox';
import { requireSiteAdmin } from '../auth/caller.ts';
import type { StoreDeps } from '../db/schema.ts';
import { baseUrlOf } from '../http/base-url.ts';
import { NoContent, veilErrors } from '../http/contracts.ts';
import type { VeilApp } from '../http/server.ts';
import { SiteAccountParams, SiteParams } from '../sites/sites.schemas.ts';
import { changeLinkedAccount, listLinkedAccounts, unlinkAccount } from './linked-accounts.service.ts';
import { renderLinkedAccounts } from './site-links.representation.ts';
import { LinkBody, LinkView } from './site-links.schemas.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export type Deps = StoreDeps;

const tags = ['sites'];

/** `GET /veil/v1/sites/{siteId}/accounts`, and `PUT` and `DELETE` of one account's link. */
export function registerSiteAccountRoutes(app: VeilApp, deps: Deps) {
  registerListLinks(app, deps);
  registerChangeLink(app, deps);
  registerUnlink(app, deps);
}

function registerListLinks(app: VeilApp, { db }: Deps) {
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
      const { siteId } = request.params;
      const caller = requireSiteAdmin(request.caller, siteId);
      const entries = await listLinkedAccounts(db, siteId);
      return renderLinkedAccounts(entries, siteId, caller.viewer, baseUrlOf(request));
    },
  );
}

function registerChangeLink(app: VeilApp, { db, clock }: Deps) {
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
      const entries = await changeLinkedAccount(db, clock, request.params, request.body, by);
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

function registerUnlink(app: VeilApp, { db, clock }: Deps) {
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
      await unlinkAccount(db, clock, siteId, accountId, caller.account.accountId);
      return reply.status(204).send(null);
    },
  );
}
