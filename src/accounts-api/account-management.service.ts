/**
 * Accounts as platform and organization admins manage them: each use case opens its own transaction and
 * queues the event the apps hear of it (`user_created`, `user_updated`) in it, so no path that creates or
 * changes an account can forget to tell them.
 */
import type { Kysely } from 'kysely';
import type { Account } from '../accounts/accounts.model.ts';
import {
  countAccounts,
  deletePlatformAdmin,
  insertPlatformAdmin,
  listAccountRows,
} from '../accounts/accounts.repository.ts';
import {
  createAccount,
  findAccounts,
  getAccount,
  type NewAccount,
  setAccountStatus,
} from '../accounts/accounts.service.ts';
import { userActiveChanged } from '../audit/audit.entries.ts';
import { recordAuditOnAccountSites } from '../audit/audit.service.ts';
import type { Clock } from '../clock/clock.ts';
import { issueApiToken } from '../credentials/credentials.service.ts';
import type { Database } from '../db/schema.ts';
import { VeilError } from '../errors/veil-error.ts';
import { getSite } from '../sites/sites.service.ts';
import { queueUserEvent } from '../webhooks/webhooks.service.ts';

/** An admin's new account: a customer account names its site by id. */
export type AdminNewAccount = Omit<NewAccount, 'customerSiteId'> & { readonly site?: string | undefined };

/** One page of every account, oldest first, with how many there are. */
export async function listAccountsPage(
  db: Kysely<Database>,
  page: { startAt: number; maxResults: number },
): Promise<{ accounts: Account[]; total: number }> {
  const [rows, total] = await Promise.all([listAccountRows(db, page), countAccounts(db)]);
  const accounts = await findAccounts(
    db,
    rows.map((row) => row.account_id),
  );
  return { accounts, total };
}

/** Creates an account for an admin (`actingAccountId`), in one transaction with its `user_created`. */
export async function createAccountAsAdmin(
  db: Kysely<Database>,
  clock: Clock,
  input: AdminNewAccount,
  actingAccountId: string,
): Promise<Account> {
  const { site, ...fields } = input;
  return db.transaction().execute(async (trx) => {
    if (site !== undefined) await getSite(trx, site);
    const created = await createAccount(trx, clock, {
      ...fields,
      ...(site !== undefined ? { customerSiteId: site } : {}),
    });
    // Apps hear of an account on the sites it is linked to; linking it later says user_created there.
    await queueUserEvent(trx, clock, 'user_created', created.accountId, { actingAccountId });
    return created;
  });
}

/**
 * An admin of the account (`actingAccountId`) deactivates or reactivates it, in one transaction with its
 * `user_updated` and an audit record on each site the account is on; nobody deactivates themself.
 */
export async function changeAccountStatus(
  db: Kysely<Database>,
  clock: Clock,
  accountId: string,
  status: 'active' | 'deactivated',
  actingAccountId: string,
): Promise<Account> {
  if (accountId === actingAccountId && status === 'deactivated') {
    throw new VeilError('request.invalid', 'You cannot deactivate yourself', [
      { path: 'body.status', message: 'cannot be deactivated for yourself' },
    ]);
  }
  return db.transaction().execute(async (trx) => {
    const before = await getAccount(trx, accountId);
    const changed = await setAccountStatus(trx, clock, accountId, status);
    await queueUserEvent(trx, clock, 'user_updated', changed.accountId, { actingAccountId });
    if (before.status !== changed.status) {
      const actor = { authorAccountId: actingAccountId, eventSource: 'Veil admin' } as const;
      const entry = userActiveChanged(actor, accountId, status === 'active');
      await recordAuditOnAccountSites(trx, clock, accountId, entry);
    }
    return changed;
  });
}

/** Issues an API token for an existing account (shown once). */
export async function issueApiTokenForAccount(
  db: Kysely<Database>,
  clock: Clock,
  accountId: string,
  label: string,
) {
  const account = await getAccount(db, accountId);
  return issueApiToken(db, clock, account.accountId, label);
}

/** Makes an existing account a platform admin. */
export async function grantPlatformAdmin(db: Kysely<Database>, accountId: string): Promise<void> {
  await getAccount(db, accountId);
  await insertPlatformAdmin(db, accountId);
}

/** Takes platform admin rights away; a platform admin (`actingAccountId`) never takes away their own. */
export async function revokePlatformAdmin(
  db: Kysely<Database>,
  accountId: string,
  actingAccountId: string,
): Promise<void> {
  if (actingAccountId === accountId) {
    throw new VeilError(
      'auth.forbidden',
      'A platform admin cannot take away their own rights; ask another platform admin',
    );
  }
  await deletePlatformAdmin(db, accountId);
}
