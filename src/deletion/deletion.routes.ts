import type { Kysely } from 'kysely';
import type { Account } from '../accounts/accounts.model.ts';
import { AccountParams } from '../accounts/accounts.schemas.ts';
import { getAccount } from '../accounts/accounts.service.ts';
import { type Caller, type PersonCaller, requireAccountAdmin, requirePerson } from '../auth/caller.ts';
import type { Clock } from '../clock/clock.ts';
import type { Config } from '../config/config.ts';
import type { Database } from '../db/schema.ts';
import { VeilError } from '../errors/veil-error.ts';
import { veilErrors } from '../http/contracts.ts';
import type { VeilApp } from '../http/server.ts';
import type { JobRunner } from '../jobs/job-runner.ts';
import type { Deletion } from './deletion.model.ts';
import { renderDeletion } from './deletion.representation.ts';
import { AdminDeletionBody, DeletionView, ShortenDeletionBody } from './deletion.schemas.ts';
import {
  cancelDeletion,
  type DeletionActor,
  getLatestDeletion,
  requestDeletion,
  shortenDeletion,
} from './deletion.service.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps {
  readonly config: Config;
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly jobs: JobRunner;
}

/** Routes a person whose deletion waits may still use: to see it, cancel it, or take their data. */
export const pendingDeletionAllowed = { allowsPendingDeletion: true } as const;

function adminActor(caller: PersonCaller, account: Account): DeletionActor {
  const organizationId = account.managingOrganizationId;
  const organizationAdmin =
    organizationId !== null && caller.administeredOrganizationIds.includes(organizationId);
  return {
    role: organizationAdmin ? 'organization-admin' : 'platform-admin',
    accountId: caller.account.accountId,
  };
}

/** The account an admin acts on, in the transaction; your own account goes through `/me/deletion`. */
async function accountForAdmin(db: Kysely<Database>, caller: Caller, accountId: string) {
  const account = await getAccount(db, accountId);
  const admin = requireAccountAdmin(caller, account);
  if (admin.account.accountId === accountId) {
    throw new VeilError('request.invalid', 'To delete your own account, use /veil/v1/me/deletion', [
      { path: 'accountId', message: 'is you' },
    ]);
  }
  return { account, admin };
}

/** Deleting accounts: by the person themself, or by an admin of the account; cancellable until due. */
export function registerDeletionRoutes(app: VeilApp, deps: Deps) {
  const tags = ['deletion'];
  const { db, clock, config } = deps;
  const grace = config.deletionGracePeriod;
  const run = <T>(work: (trx: Kysely<Database>) => Promise<T>) => db.transaction().execute(work);
  // A deletion due now is erased at once, not at the next poll.
  const afterChange = (deletion: Deletion) => {
    deps.jobs.kick();
    return renderDeletion(deletion);
  };
  const one = { 200: DeletionView, ...veilErrors };

  app.get(
    '/veil/v1/me/deletion',
    {
      config: pendingDeletionAllowed,
      schema: { tags, summary: 'Your account deletion request, if any', response: one },
    },
    async (request) =>
      renderDeletion(await getLatestDeletion(db, requirePerson(request.caller).account.accountId)),
  );

  app.post(
    '/veil/v1/me/deletion',
    {
      // Asking twice is answered (409, already requested), not refused as a failed sign-in.
      config: pendingDeletionAllowed,
      schema: {
        tags,
        summary: `Delete your account: deactivated now, erased after the grace period (${grace})`,
        response: { 202: DeletionView, ...veilErrors },
      },
    },
    async (request, reply) => {
      const caller = requirePerson(request.caller);
      const deletion = await run(async (trx) =>
        requestDeletion(trx, clock, grace, await getAccount(trx, caller.account.accountId), {
          role: 'self',
          accountId: caller.account.accountId,
        }),
      );
      return reply.status(202).send(afterChange(deletion));
    },
  );

  app.delete(
    '/veil/v1/me/deletion',
    {
      config: pendingDeletionAllowed,
      schema: {
        tags,
        summary: 'Cancel the deletion of your account (within the grace period)',
        response: one,
      },
    },
    async (request) => {
      const caller = requirePerson(request.caller);
      const actor: DeletionActor = { role: 'self', accountId: caller.account.accountId };
      return renderDeletion(
        await run(async (trx) =>
          cancelDeletion(trx, clock, await getAccount(trx, caller.account.accountId), actor),
        ),
      );
    },
  );

  app.get(
    '/veil/v1/accounts/:accountId/deletion',
    {
      schema: {
        tags,
        summary: "An account's deletion request (its admins)",
        params: AccountParams,
        response: one,
      },
    },
    async (request) => {
      const account = await getAccount(db, request.params.accountId);
      requireAccountAdmin(request.caller, account);
      return renderDeletion(await getLatestDeletion(db, account.accountId));
    },
  );

  app.post(
    '/veil/v1/accounts/:accountId/deletion',
    {
      schema: {
        tags,
        summary: 'Delete an account (platform admins; organization admins for accounts they manage)',
        params: AccountParams,
        body: AdminDeletionBody,
        response: { 202: DeletionView, ...veilErrors },
      },
      // The body is optional: no body asks for the configured grace period.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request, reply) => {
      const deletion = await run(async (trx) => {
        const { account, admin } = await accountForAdmin(trx, request.caller, request.params.accountId);
        return requestDeletion(trx, clock, grace, account, adminActor(admin, account), request.body);
      });
      return reply.status(202).send(afterChange(deletion));
    },
  );

  app.patch(
    '/veil/v1/accounts/:accountId/deletion',
    {
      schema: {
        tags,
        summary: 'Bring the erasure of a waiting deletion forward (confirm with the accountId)',
        params: AccountParams,
        body: ShortenDeletionBody,
        response: one,
      },
    },
    async (request) => {
      const deletion = await run(async (trx) => {
        const { account } = await accountForAdmin(trx, request.caller, request.params.accountId);
        return shortenDeletion(trx, clock, grace, account, request.body);
      });
      return afterChange(deletion);
    },
  );

  app.delete(
    '/veil/v1/accounts/:accountId/deletion',
    {
      schema: { tags, summary: 'Cancel the deletion of an account', params: AccountParams, response: one },
    },
    async (request) =>
      renderDeletion(
        await run(async (trx) => {
          const { account, admin } = await accountForAdmin(trx, request.caller, request.params.accountId);
          return cancelDeletion(trx, clock, account, adminActor(admin, account));
        }),
      ),
  );
}
