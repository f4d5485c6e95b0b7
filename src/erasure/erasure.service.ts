/**
 * Erasing an account at its deadline. The whole erasure — every table's policy, the apps told, the scan
 * of the whole database and the report — is one transaction: a crash at any point leaves the account as
 * it was (still waiting, its attempt counted), and the job runs it again. The values searched for are
 * held in memory only, so the proof itself never stores what it proves gone.
 */
import type { Kysely, Updateable } from 'kysely';
import { generateAvatarKey } from '../accounts/account-id.ts';
import type { Account } from '../accounts/accounts.model.ts';
import { updateAccountRow } from '../accounts/accounts.repository.ts';
import { getAccount } from '../accounts/accounts.service.ts';
import { deleteEmailChangesToAddress, findEmailChangeRow } from '../accounts-api/email-changes.repository.ts';
import { userErased } from '../audit/audit.entries.ts';
import { recordAuditOnAccountSites } from '../audit/audit.service.ts';
import type { Clock } from '../clock/clock.ts';
import type { Config } from '../config/config.ts';
import { reachFailpoint } from '../config/failpoints.ts';
import type { Database, StoreDeps } from '../db/schema.ts';
import type { AccountsTable } from '../db/tables/accounts.table.ts';
import { type Deletion, deletionRowToDeletion } from '../deletion/deletion.model.ts';
import {
  findDeletionRowForUpdate,
  recordErasureAttempt,
  updateDeletionRow,
} from '../deletion/deletion.repository.ts';
import type { Directory } from '../directory/directory.ts';
import { deleteMailToAddress, findMailAddressesOfAccount } from '../mail/mail.repository.ts';
import type { ErasureReportBody, NotifiedApp, TableOutcome } from './erasure.model.ts';
import { erasurePolicies } from './erasure.policy.ts';
import { deleteRowsOfAccount, findLegacyIdentities, insertErasureReportRow } from './erasure.repository.ts';
import { scheduleRewrite } from './erasure.rewrite.ts';
import { listCatalogue, type SearchedValue, scanDatabase } from './erasure.scan.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps extends StoreDeps {
  readonly config: Config;
  /** Only to wait until every live node has applied the erasure's mark (the fence, below). */
  readonly directory: Pick<Directory, 'settleEverywhere'>;
}

/** How one erasure attempt ended. */
export type ErasureOutcome = 'erased' | 'not-due' | 'not-pending';

/** What an erasure reaches beyond the database: apps to tell, and where a test may cut it short. */
export interface ErasureHooks {
  /** Queues `user_deleted` for every install that should hear of it; returns them. */
  readonly notifyApps: (db: Kysely<Database>, clock: Clock, accountId: string) => Promise<NotifiedApp[]>;
  /** Called after everything is written and scanned, just before the commit. */
  readonly beforeCommit?: () => void;
}

/**
 * Runs the erasure of a deletion if it is due; safe to call again and again (the job may run twice).
 * The fence: the account is first marked `erasing` (a former user to every reader from then on), and
 * its data goes only once every live node has applied that mark, so no node serves the person after.
 */
export async function runErasure(
  deps: Deps,
  deletionId: string,
  hooks: ErasureHooks,
): Promise<ErasureOutcome> {
  const { db, clock } = deps;
  const begun = await db.transaction().execute(async (trx) => {
    const row = await findDeletionRowForUpdate(trx, deletionId);
    if (row?.status !== 'pending') return 'not-pending';
    if (row.due_at > clock.now()) return 'not-due';
    await recordErasureAttempt(trx, deletionId, clock.now());
    await updateAccountRow(trx, row.account_id, { erasing: true });
    return 'begun';
  });
  if (begun !== 'begun') return begun;
  // A node still behind after the wait has applied the mark beyond a gap, or has missed its lease and
  // reads the store (account-cache.ts): either way none serves the person from what it kept.
  await deps.directory.settleEverywhere();
  return db.transaction().execute(async (trx) => {
    const row = await findDeletionRowForUpdate(trx, deletionId);
    if (row?.status !== 'pending') return 'not-pending';
    await eraseAccount(trx, clock, deletionRowToDeletion(row), {
      ...hooks,
      beforeCommit: () => {
        hooks.beforeCommit?.();
        reachFailpoint(deps.config, 'erasure.before-commit');
      },
    });
    return 'erased';
  });
}

/** The identifying values of the account: what the scan must not find anywhere afterwards. */
async function identifyingValues(db: Kysely<Database>, account: Account): Promise<SearchedValue[]> {
  const { profile } = account;
  const legacy = await findLegacyIdentities(db, account.accountId);
  // Addresses the person gave beside their own: one still waiting for its link, and where mail went.
  const pending = await findEmailChangeRow(db, account.accountId);
  const mailedTo = await findMailAddressesOfAccount(db, account.accountId);
  const otherAddresses = [...(pending ? [pending.new_email] : []), ...mailedTo];
  return [
    ...otherAddresses.map((value) => ({ value, wholeWords: false })),
    ...legacy.flatMap((link) => [
      ...(link.username ? [{ value: link.username, wholeWords: true }] : []),
      ...(link.user_key ? [{ value: link.user_key, wholeWords: true }] : []),
    ]),
    ...(profile.email ? [{ value: profile.email, wholeWords: false }] : []),
    { value: profile.fullName, wholeWords: true },
    { value: profile.publicName, wholeWords: true },
    // Random and unique: found anywhere, it is a link to the person left behind (an avatar URL).
    { value: profile.avatarKey, wholeWords: false },
  ];
}

/**
 * Erases the account in the caller's transaction and writes the report. The deletion must be pending
 * and locked by the caller.
 */
export async function eraseAccount(
  db: Kysely<Database>,
  clock: Clock,
  deletion: Deletion,
  hooks: ErasureHooks,
): Promise<ErasureReportBody> {
  const account = await getAccount(db, deletion.accountId);
  const searched = await identifyingValues(db, account);
  const { outcomes, unreviewed } = await applyPolicies(db, clock, account.accountId);
  // Each site the person was on records the erasure by accountId only (Veil is its author).
  const erased = userErased({ authorAccountId: null, eventSource: 'Veil' }, account.accountId);
  await recordAuditOnAccountSites(db, clock, account.accountId, erased);
  if (account.profile.email) await forgetOthersMailTo(db, account.profile.email);
  const appsNotified = await hooks.notifyApps(db, clock, account.accountId);
  const scan = await scanDatabase(db, searched);
  const now = clock.now();
  const report: ErasureReportBody = {
    requestedAt: deletion.requestedAt.toISOString(),
    requestedBy: deletion.requestedBy,
    dueAt: deletion.dueAt.toISOString(),
    startedAt: (deletion.firstAttemptAt ?? now).toISOString(),
    completedAt: now.toISOString(),
    attempts: Math.max(1, deletion.attempts),
    tables: outcomes,
    unreviewedTables: unreviewed,
    scan,
    appsNotified,
  };
  await updateDeletionRow(db, deletion.deletionId, { status: 'erased', erased_at: now });
  await insertErasureReportRow(db, {
    deletion_id: deletion.deletionId,
    account_id: account.accountId,
    completed_at: now,
    attempts: report.attempts,
    clean: scan.matches.length === 0 && unreviewed.length === 0,
    report,
  });
  // The old rows stay in the data files until the changed tables are rewritten, after the commit.
  await scheduleRewrite(db, clock);
  hooks.beforeCommit?.();
  return report;
}

/**
 * Mail written to the person's address for someone else, and someone else's waiting change to it (a
 * request for a taken address mails its owner): rows of other accounts that hold the person's address.
 */
async function forgetOthersMailTo(db: Kysely<Database>, email: string): Promise<void> {
  await deleteMailToAddress(db, email);
  await deleteEmailChangesToAddress(db, email);
}

/** Applies every table's policy, in catalogue order; tables without one are named, not guessed at. */
async function applyPolicies(db: Kysely<Database>, clock: Clock, accountId: string) {
  const outcomes: TableOutcome[] = [];
  const unreviewed: string[] = [];
  for (const table of (await listCatalogue(db)).keys()) {
    const policy = erasurePolicies[table];
    if (!policy) {
      unreviewed.push(table);
      continue;
    }
    switch (policy.action) {
      case 'scrub-account':
        await scrubAccountRow(db, clock, accountId);
        outcomes.push({ table, action: 'scrubbed', rows: 1 });
        break;
      case 'delete-rows':
        outcomes.push({
          table,
          action: 'deleted',
          rows: await deleteRowsOfAccount(db, table, policy.column, accountId),
        });
        break;
      case 'rewrite':
        outcomes.push({ table, action: 'rewritten', rows: await policy.rewrite(db, accountId) });
        break;
      case 'keep':
        outcomes.push({ table, action: 'kept', rows: 0, reason: policy.reason });
        break;
    }
  }
  return { outcomes, unreviewed };
}

/** The columns of the account row that hold nothing personal; the erasure keeps them. */
type KeptAccountColumn = 'account_id' | 'account_type' | 'app_key' | 'customer_site_id' | 'created_at';

/**
 * The account row keeps its accountId, type and site; every personal value goes. The avatar key is
 * replaced, so an avatar URL handed out before no longer leads anywhere. Every other column must be
 * named here (the type sees to it), so a personal field added to accounts is erased from the start.
 */
async function scrubAccountRow(db: Kysely<Database>, clock: Clock, accountId: string): Promise<void> {
  const scrubbed: Required<Omit<Updateable<AccountsTable>, KeptAccountColumn>> = {
    status: 'deleted',
    erasing: false,
    email: null,
    email_normalized: null,
    email_domain: null,
    full_name: '',
    public_name: '',
    avatar_key: generateAvatarKey(),
    job_title: null,
    department: null,
    organization_name: null,
    location: null,
    time_zone: null,
    locale: null,
    updated_at: clock.now(),
  };
  await updateAccountRow(db, accountId, scrubbed);
}
