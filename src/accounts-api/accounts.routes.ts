import { renderAccountView } from '../accounts/accounts.representation.ts';
import {
  AccountPage,
  AccountParams,
  AccountStatusBody,
  AccountView,
  NewAccountBody,
} from '../accounts/accounts.schemas.ts';
import { getAccount } from '../accounts/accounts.service.ts';
import { requireAccountAdmin, requirePerson, requirePlatformAdmin } from '../auth/caller.ts';
import { IssuedToken, NewTokenBody } from '../credentials/credentials.schemas.ts';
import type { StoreDeps } from '../db/schema.ts';
import { baseUrlOf } from '../http/base-url.ts';
import { NoContent, pageQuery, veilErrors } from '../http/contracts.ts';
import { settlesEverywhere } from '../http/route-config.ts';
import type { VeilApp } from '../http/server.ts';
import {
  changeAccountStatus,
  createAccountAsAdmin,
  grantPlatformAdmin,
  issueApiTokenForAccount,
  listAccountsPage,
  revokePlatformAdmin,
} from './account-management.service.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export type Deps = StoreDeps;

const tags = ['accounts'];

/** Accounts as platform admins manage them; every representation goes through the visibility decision. */
export function registerAccountRoutes(app: VeilApp, deps: Deps) {
  registerAccountList(app, deps);
  registerAccountCreation(app, deps);
  registerAccountRead(app, deps);
  registerAccountStatus(app, deps);
  registerAccountTokens(app, deps);
  registerPlatformAdminRoutes(app, deps);
}

function registerAccountList(app: VeilApp, { db }: Deps) {
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
      const { accounts, total } = await listAccountsPage(db, request.query);
      return {
        startAt: request.query.startAt,
        maxResults: request.query.maxResults,
        total,
        values: accounts.map((a) => renderAccountView(a, caller.viewer, baseUrlOf(request))),
      };
    },
  );
}

function registerAccountCreation(app: VeilApp, { db, clock }: Deps) {
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
      const account = await createAccountAsAdmin(db, clock, request.body, caller.account.accountId);
      return reply.status(201).send(renderAccountView(account, caller.viewer, baseUrlOf(request)));
    },
  );
}

function registerAccountRead(app: VeilApp, { db }: Deps) {
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
}

function registerAccountStatus(app: VeilApp, { db, clock }: Deps) {
  app.patch(
    '/veil/v1/accounts/:accountId',
    {
      config: settlesEverywhere,
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
      const caller = requireAccountAdmin(request.caller, await getAccount(db, accountId));
      const { status } = request.body;
      const account = await changeAccountStatus(db, clock, accountId, status, caller.account.accountId);
      return renderAccountView(account, caller.viewer, baseUrlOf(request));
    },
  );
}

function registerAccountTokens(app: VeilApp, { db, clock }: Deps) {
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
      const { accountId } = request.params;
      return reply.status(201).send(await issueApiTokenForAccount(db, clock, accountId, request.body.label));
    },
  );
}

function registerPlatformAdminRoutes(app: VeilApp, { db }: Deps) {
  const response = { 204: NoContent, ...veilErrors };
  app.put(
    '/veil/v1/platform-admins/:accountId',
    { schema: { tags, summary: 'Make an account a platform admin', params: AccountParams, response } },
    async (request, reply) => {
      requirePlatformAdmin(request.caller);
      await grantPlatformAdmin(db, request.params.accountId);
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
        response,
      },
    },
    async (request, reply) => {
      const caller = requirePlatformAdmin(request.caller);
      await revokePlatformAdmin(db, request.params.accountId, caller.account.accountId);
      return reply.status(204).send(null);
    },
  );
}
