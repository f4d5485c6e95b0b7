import type { Account } from '../accounts/accounts.model.ts';
import { AccountParams } from '../accounts/accounts.schemas.ts';
import { getAccount } from '../accounts/accounts.service.ts';
import { type Caller, type PersonCaller, requireAccountAdmin, requirePerson } from '../auth/caller.ts';
import type { Config } from '../config/config.ts';
import type { StoreDeps } from '../db/schema.ts';
import { VeilError } from '../errors/veil-error.ts';
import { veilErrors } from '../http/contracts.ts';
import { settlesEverywhere } from '../http/route-config.ts';
import type { VeilApp } from '../http/server.ts';
import type { JobRunner } from '../jobs/job-runner.ts';
import type { Deletion } from './deletion.model.ts';
import { renderDeletion } from './deletion.representation.ts';
import { AdminDeletionBody, DeletionView, ShortenDeletionBody } from './deletion.schemas.ts';
import {
  cancelAccountDeletion,
  type DeletionActor,
  getLatestDeletion,
  requestAccountDeletion,
  shortenAccountDeletion,
} from './deletion.service.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps extends StoreDeps {
  readonly config: Config;
  readonly jobs: JobRunner;
}

/** Routes a person whose deletion waits may still use: to see it, cancel it, or take their data. */
export const pendingDeletionAllowed = { allowsPendingDeletion: true } as const;
/** Asking for your own deletion deactivates you at once: on every node before the answer. */
const ownDeletionConfig = { ...pendingDeletionAllowed, ...settlesEverywhere } as const;

const tags = ['deletion'];
const one = { 200: DeletionView, ...veilErrors };

function adminActor(caller: PersonCaller, account: Account): DeletionActor {
  const organizationId = account.managingOrganizationId;
  const organizationAdmin =
    organizationId !== null && caller.administeredOrganizationIds.includes(organizationId);
  return {
    role: organizationAdmin ? 'organization-admin' : 'platform-admin',
    accountId: caller.account.accountId,
  };
}

/** The account an admin acts on, and who acts; your own account goes through `/me/deletion`. */
async function accountForAdmin(deps: Deps, caller: Caller, accountId: string) {
  const account = await getAccount(deps.db, accountId);
  const admin = requireAccountAdmin(caller, account);
  if (admin.account.accountId === accountId) {
    throw new VeilError('request.invalid', 'To delete your own account, use /veil/v1/me/deletion', [
      { path: 'accountId', message: 'is you' },
    ]);
  }
  return { account, actor: adminActor(admin, account) };
}

/** A person acting on their own deletion: their accountId, and them as the actor. */
function selfActor(caller: Caller): { accountId: string; actor: DeletionActor } {
  const { accountId } = requirePerson(caller).account;
  return { accountId, actor: { role: 'self', accountId } };
}

/** A deletion due now is erased at once, not at the next poll. */
function renderAfterChange(deps: Deps, deletion: Deletion) {
  deps.jobs.kick();
  return renderDeletion(deletion);
}

/** Deleting accounts: by the person themself, or by an admin of the account; cancellable until due. */
export function registerDeletionRoutes(app: VeilApp, deps: Deps) {
  registerOwnDeletionRead(app, deps);
  registerOwnDeletionRequest(app, deps);
  registerOwnDeletionCancel(app, deps);
  registerAdminDeletionRead(app, deps);
  registerAdminDeletionRequest(app, deps);
  registerAdminDeletionShorten(app, deps);
  registerAdminDeletionCancel(app, deps);
}

function registerOwnDeletionRead(app: VeilApp, { db }: Deps) {
  app.get(
    '/veil/v1/me/deletion',
    {
      config: pendingDeletionAllowed,
      schema: { tags, summary: 'Your account deletion request, if any', response: one },
    },
    async (request) =>
      renderDeletion(await getLatestDeletion(db, requirePerson(request.caller).account.accountId)),
  );
}

function registerOwnDeletionRequest(app: VeilApp, deps: Deps) {
  const grace = deps.config.deletionGracePeriod;
  app.post(
    '/veil/v1/me/deletion',
    {
      // Asking twice is answered (409, already requested), not refused as a failed sign-in.
      config: ownDeletionConfig,
      schema: {
        tags,
        summary: `Delete your account: deactivated now, erased after the grace period (${grace})`,
        response: { 202: DeletionView, ...veilErrors },
      },
    },
    async (request, reply) => {
      const { accountId, actor } = selfActor(request.caller);
      const deletion = await requestAccountDeletion(deps.db, deps.clock, grace, accountId, actor);
      return reply.status(202).send(renderAfterChange(deps, deletion));
    },
  );
}

function registerOwnDeletionCancel(app: VeilApp, { db, clock }: Deps) {
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
      const { accountId, actor } = selfActor(request.caller);
      return renderDeletion(await cancelAccountDeletion(db, clock, accountId, actor));
    },
  );
}

function registerAdminDeletionRead(app: VeilApp, { db }: Deps) {
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
}

function registerAdminDeletionRequest(app: VeilApp, deps: Deps) {
  app.post(
    '/veil/v1/accounts/:accountId/deletion',
    {
      config: settlesEverywhere,
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
      const { account, actor } = await accountForAdmin(deps, request.caller, request.params.accountId);
      const grace = deps.config.deletionGracePeriod;
      const deletion = await requestAccountDeletion(
        deps.db,
        deps.clock,
        grace,
        account.accountId,
        actor,
        request.body,
      );
      return reply.status(202).send(renderAfterChange(deps, deletion));
    },
  );
}

function registerAdminDeletionShorten(app: VeilApp, deps: Deps) {
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
      const { account } = await accountForAdmin(deps, request.caller, request.params.accountId);
      const grace = deps.config.deletionGracePeriod;
      const deletion = await shortenAccountDeletion(
        deps.db,
        deps.clock,
        grace,
        account.accountId,
        request.body,
      );
      return renderAfterChange(deps, deletion);
    },
  );
}

function registerAdminDeletionCancel(app: VeilApp, deps: Deps) {
  app.delete(
    '/veil/v1/accounts/:accountId/deletion',
    {
      schema: { tags, summary: 'Cancel the deletion of an account', params: AccountParams, response: one },
    },
    async (request) => {
      const { account, actor } = await accountForAdmin(deps, request.caller, request.params.accountId);
      return renderDeletion(await cancelAccountDeletion(deps.db, deps.clock, account.accountId, actor));
    },
  );
}
