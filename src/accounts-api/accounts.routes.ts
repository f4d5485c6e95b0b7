import type { Kysely } from 'kysely';
import {
  countAccounts,
  deletePlatformAdmin,
  insertPlatformAdmin,
  listAccountRows,
} from '../accounts/accounts.repository.ts';
import { renderAccountView } from '../accounts/accounts.representation.ts';
import {
  AccountPage,
  AccountParams,
  AccountStatusBody,
  AccountView,
  NewAccountBody,
} from '../accounts/accounts.schemas.ts';
import { createAccount, findAccounts, getAccount, setAccountStatus } from '../accounts/accounts.service.ts';
import { requireAccountAdmin, requirePerson, requirePlatformAdmin } from '../auth/caller.ts';
import type { Clock } from '../clock/clock.ts';
import { IssuedToken, NewTokenBody } from '../credentials/credentials.schemas.ts';
import { issueApiToken } from '../credentials/credentials.service.ts';
import type { Database } from '../db/schema.ts';
import { VeilError } from '../errors/veil-error.ts';
import { baseUrlOf } from '../http/base-url.ts';
import { NoContent, pageQuery, veilErrors } from '../http/contracts.ts';
import type { VeilApp } from '../http/server.ts';
import { getSite } from '../sites/sites.service.ts';
import { queueUserEvent } from '../webhooks/webhooks.service.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
}

/** Accounts as platform admins manage them; every representation goes through the visibility decision. */
export function registerAccountRoutes(app: VeilApp, deps: Deps) {
  const tags = ['accounts'];
  const { db, clock } = deps;

  app.get(
    '/veil/v1/accounts',
    {
      schema: {
        tags,
        summary: 'All accounts, paged',
        querystring: pageQuery,
        response: { 200: AccountPage, ...veilErrors },
      },
    },
    async (request) => {
      const caller = requirePlatformAdmin(request.caller);
      const [rows, total] = await Promise.all([listAccountRows(db, request.query), countAccounts(db)]);
      const accounts = await findAccounts(
        db,
        rows.map((row) => row.account_id),
      );
      return {
        startAt: request.query.startAt,
        maxResults: request.query.maxResults,
        total,
        values: accounts.map((a) => renderAccountView(a, caller.viewer, baseUrlOf(request))),
      };
    },
  );

  app.post(
    '/veil/v1/accounts',
    {
      schema: {
        tags,
        summary: 'Create an account',
        body: NewAccountBody,
        response: { 201: AccountView, ...veilErrors },
      },
    },
    async (request, reply) => {
      const caller = requirePlatformAdmin(request.caller);
      const { site, ...input } = request.body;
      const account = await db.transaction().execute(async (trx) => {
        if (site !== undefined) await getSite(trx, site);
        const created = await createAccount(trx, clock, {
          ...input,
          ...(site !== undefined ? { customerSiteId: site } : {}),
        });
        // Apps hear of an account on the sites it is linked to; linking it later says user_created there.
        await queueUserEvent(trx, clock, 'user_created', created.accountId, {
          actingAccountId: caller.account.accountId,
        });
        return created;
      });
      return reply.status(201).send(renderAccountView(account, caller.viewer, baseUrlOf(request)));
    },
  );

  app.get(
    '/veil/v1/accounts/:accountId',
    {
      schema: {
        tags,
        summary: 'One account, as you may see it',
        params: AccountParams,
        response: { 200: AccountView, ...veilErrors },
      },
    },
    async (request) => {
      const caller = requirePerson(request.caller);
      return renderAccountView(
        await getAccount(db, request.params.accountId),
        caller.viewer,
        baseUrlOf(request),
      );
    },
  );

  app.patch(
    '/veil/v1/accounts/:accountId',
    {
      schema: {
        tags,
        summary:
          'Deactivate or reactivate an account (platform admins; organization admins for the accounts they manage)',
        params: AccountParams,
        body: AccountStatusBody,
        response: { 200: AccountView, ...veilErrors },
      },
    },
    async (request) => {
      const { accountId } = request.params;
      const account = await db.transaction().execute(async (trx) => {
        const caller = requireAccountAdmin(request.caller, await getAccount(trx, accountId));
        if (accountId === caller.account.accountId && request.body.status === 'deactivated') {
          throw new VeilError('request.invalid', 'You cannot deactivate yourself', [
            { path: 'body.status', message: 'cannot be deactivated for yourself' },
          ]);
        }
        const changed = await setAccountStatus(trx, clock, accountId, request.body.status);
        await queueUserEvent(trx, clock, 'user_updated', changed.accountId, {
          actingAccountId: caller.account.accountId,
        });
        return changed;
      });
      return renderAccountView(account, requirePerson(request.caller).viewer, baseUrlOf(request));
    },
  );

  app.post(
    '/veil/v1/accounts/:accountId/tokens',
    {
      schema: {
        tags,
        summary: 'Issue an API token for an account; shown once',
        params: AccountParams,
        body: NewTokenBody,
        response: { 201: IssuedToken, ...veilErrors },
      },
    },
    async (request, reply) => {
      requirePlatformAdmin(request.caller);
      const account = await getAccount(db, request.params.accountId);
      return reply.status(201).send(await issueApiToken(db, clock, account.accountId, request.body.label));
    },
  );

  app.put(
    '/veil/v1/platform-admins/:accountId',
    {
      schema: {
        tags,
        summary: 'Make an account a platform admin',
        params: AccountParams,
        response: { 204: NoContent, ...veilErrors },
      },
    },
    async (request, reply) => {
      requirePlatformAdmin(request.caller);
      await getAccount(db, request.params.accountId);
      await insertPlatformAdmin(db, request.params.accountId);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/veil/v1/platform-admins/:accountId',
    {
      schema: {
        tags,
        summary: 'Take platform admin rights away (not your own)',
        params: AccountParams,
        response: { 204: NoContent, ...veilErrors },
      },
    },
    async (request, reply) => {
      const caller = requirePlatformAdmin(request.caller);
      if (caller.account.accountId === request.params.accountId) {
        throw new VeilError(
          'auth.forbidden',
          'A platform admin cannot take away their own rights; ask another platform admin',
        );
      }
      await deletePlatformAdmin(db, request.params.accountId);
      return reply.status(204).send(null);
    },
  );
}
