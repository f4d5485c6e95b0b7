/**
 * Deleting an account, the waiting part: a request deactivates the account at once and sets a deadline
 * (the grace period, 14 days unless configured otherwise); until then the person or an admin can cancel
 * it and the account gets its status back. At the deadline the erasure job carries it out.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Account } from '../accounts/accounts.model.ts';
import { updateAccountRow } from '../accounts/accounts.repository.ts';
import { assertNotDeleted, getAccount } from '../accounts/accounts.service.ts';
import { type AuditActor, deletionCancelled, deletionRequested } from '../audit/audit.entries.ts';
import { recordAuditOnAccountSites } from '../audit/audit.service.ts';
import type { Clock } from '../clock/clock.ts';
import { addDuration, parseDuration } from '../clock/duration.ts';
import { isUniqueViolation } from '../db/errors.ts';
import type { Database } from '../db/schema.ts';
import type { DeletionRequesterRole } from '../db/tables/deletion.table.ts';
import { VeilError } from '../errors/veil-error.ts';
import { queueUserEvent } from '../webhooks/webhooks.service.ts';
import { type Deletion, deletionRowToDeletion } from './deletion.model.ts';
import {
  findLatestDeletionRow,
  findPendingDeletionRowForUpdate,
  insertDeletionRow,
  updateDeletionRow,
} from './deletion.repository.ts';
import { scheduleErasure } from './erasure-schedule.ts';

/** Who asks for (or cancels) a deletion. */
export interface DeletionActor {
  readonly role: DeletionRequesterRole;
  /** Null for a scenario file. */
  readonly accountId: string | null;
}

/** An admin's wish to wait less than the configured grace period, confirmed by naming the account. */
export interface ShorterGrace {
  readonly gracePeriod?: string | undefined;
  readonly confirm?: string | undefined;
}

/** The newest deletion request of the account, or `deletion.not_found`. */
export async function getLatestDeletion(db: Kysely<Database>, accountId: string): Promise<Deletion> {
  const row = await findLatestDeletionRow(db, accountId);
  if (!row) throw new VeilError('deletion.not_found', 'Nobody has asked to delete this account');
  return deletionRowToDeletion(row);
}

/**
 * Asks for the account to be deleted: deactivated now, erased at the deadline. Run it in a transaction:
 * the request, the status and the erasure job are written together or not at all.
 */
export async function requestDeletion(
  db: Kysely<Database>,
  clock: Clock,
  configuredGrace: string,
  account: Account,
  actor: DeletionActor,
  shorter: ShorterGrace = {},
): Promise<Deletion> {
  assertDeletable(account);
  const now = clock.now();
  const dueAt = chooseDeadline(now, configuredGrace, account, shorter);
  const deletionId = randomUUID();
  await insertDeletionRowOnce(db, {
    deletion_id: deletionId,
    account_id: account.accountId,
    status: 'pending',
    requested_at: now,
    requested_by: actor.accountId,
    requested_by_role: actor.role,
    due_at: dueAt,
    previous_status: account.status === 'deactivated' ? 'deactivated' : 'active',
  });
  await updateAccountRow(db, account.accountId, { status: 'deletion-requested', updated_at: now });
  await scheduleErasure(db, clock, deletionId, dueAt);
  await announceStatusChange(db, clock, account.accountId, actor);
  await recordAuditOnAccountSites(
    db,
    clock,
    account.accountId,
    deletionRequested(auditActorOf(actor), account.accountId),
  );
  return getLatestDeletion(db, account.accountId);
}

/** Asks for the deletion of the account `accountId`, in one transaction of its own (see `requestDeletion`). */
export async function requestAccountDeletion(
  db: Kysely<Database>,
  clock: Clock,
  configuredGrace: string,
  accountId: string,
  actor: DeletionActor,
  shorter: ShorterGrace = {},
): Promise<Deletion> {
  return db.transaction().execute(async (trx) => {
    const account = await getAccount(trx, accountId);
    return requestDeletion(trx, clock, configuredGrace, account, actor, shorter);
  });
}

/** Of two requests racing for one account, the second finds the first (the one-open-deletion index). */
async function insertDeletionRowOnce(db: Kysely<Database>, row: Parameters<typeof insertDeletionRow>[1]) {
  try {
    await insertDeletionRow(db, row);
  } catch (error) {
    if (!isUniqueViolation(error, 'account_deletions_one_open')) throw error;
    throw new VeilError('deletion.already_requested', 'A deletion of this account is already waiting');
  }
}

function assertDeletable(account: Account): void {
  if (account.accountType === 'app') {
    throw new VeilError(
      'deletion.not_a_person',
      "An app's account is not deleted: it goes when the app is uninstalled",
    );
  }
  assertNotDeleted(account);
  if (account.status === 'deletion-requested') {
    throw new VeilError(
      'deletion.already_requested',
      'A deletion of this account is already waiting; cancel it, or shorten its wait',
    );
  }
}

/**
 * The deadline: the configured grace period from now, or a shorter one an admin asks for and confirms
 * by naming the account (a slip of the keyboard must not erase someone early). Never longer.
 */
function chooseDeadline(now: Date, configuredGrace: string, account: Account, shorter: ShorterGrace): Date {
  const configured = parseDuration(configuredGrace);
  if (!configured.ok) throw new Error(`the configured grace period ${configuredGrace} is not a duration`);
  const standard = addDuration(now, configured.duration);
  if (shorter.gracePeriod === undefined) return standard;
  const asked = parseDuration(shorter.gracePeriod);
  if (!asked.ok) {
    throw new VeilError('request.invalid', 'The grace period is not valid', [
      { path: 'body.gracePeriod', message: 'is not a forward ISO-8601 duration such as P3D or PT0S' },
    ]);
  }
  const dueAt = addDuration(now, asked.duration);
  if (dueAt > standard) {
    throw new VeilError('request.invalid', `The grace period cannot be longer than ${configuredGrace}`, [
      { path: 'body.gracePeriod', message: `is longer than ${configuredGrace}` },
    ]);
  }
  if (dueAt < standard && shorter.confirm !== account.accountId) {
    throw new VeilError(
      'deletion.confirmation_required',
      `A grace period shorter than ${configuredGrace} erases the account sooner: confirm it by sending "confirm": "${account.accountId}"`,
      [{ path: 'body.confirm', message: 'must be the accountId of the account being deleted' }],
    );
  }
  return dueAt;
}

/** An admin brings the deadline of a waiting deletion forward (never back), with the same confirmation. */
async function shortenDeletion(
  db: Kysely<Database>,
  clock: Clock,
  configuredGrace: string,
  account: Account,
  shorter: ShorterGrace & { gracePeriod: string },
): Promise<Deletion> {
  const pending = await requirePendingDeletion(db, account);
  const dueAt = chooseDeadline(clock.now(), configuredGrace, account, shorter);
  if (dueAt >= pending.due_at) {
    throw new VeilError('request.invalid', 'The deletion is already due sooner than that', [
      {
        path: 'body.gracePeriod',
        message: `ends after the current deadline ${pending.due_at.toISOString()}`,
      },
    ]);
  }
  await updateDeletionRow(db, pending.deletion_id, { due_at: dueAt });
  await scheduleErasure(db, clock, pending.deletion_id, dueAt);
  return getLatestDeletion(db, account.accountId);
}

/** Brings the deadline of the account's waiting deletion forward, in one transaction of its own. */
export async function shortenAccountDeletion(
  db: Kysely<Database>,
  clock: Clock,
  configuredGrace: string,
  accountId: string,
  shorter: ShorterGrace & { gracePeriod: string },
): Promise<Deletion> {
  return db.transaction().execute(async (trx) => {
    const account = await getAccount(trx, accountId);
    return shortenDeletion(trx, clock, configuredGrace, account, shorter);
  });
}

/** Cancels the account's waiting deletion, in one transaction of its own (see `cancelDeletion`). */
export async function cancelAccountDeletion(
  db: Kysely<Database>,
  clock: Clock,
  accountId: string,
  actor: DeletionActor,
): Promise<Deletion> {
  return db
    .transaction()
    .execute(async (trx) => cancelDeletion(trx, clock, await getAccount(trx, accountId), actor));
}

/** Cancels the waiting deletion: the account gets back the status it had before the request. */
async function cancelDeletion(
  db: Kysely<Database>,
  clock: Clock,
  account: Account,
  actor: DeletionActor,
): Promise<Deletion> {
  const pending = await requirePendingDeletion(db, account);
  const now = clock.now();
  await updateDeletionRow(db, pending.deletion_id, {
    status: 'cancelled',
    cancelled_at: now,
    cancelled_by: actor.accountId,
  });
  await updateAccountRow(db, account.accountId, { status: pending.previous_status, updated_at: now });
  await announceStatusChange(db, clock, account.accountId, actor);
  await recordAuditOnAccountSites(
    db,
    clock,
    account.accountId,
    deletionCancelled(auditActorOf(actor), account.accountId),
  );
  return getLatestDeletion(db, account.accountId);
}

/** The author of a deletion's audit records: the person or admin who asked (null: Veil itself). */
function auditActorOf(actor: DeletionActor): AuditActor {
  return { authorAccountId: actor.accountId, eventSource: 'Veil' };
}

/** Apps hear that the account became inactive (or active again): `user_updated`, with the change. */
async function announceStatusChange(
  db: Kysely<Database>,
  clock: Clock,
  accountId: string,
  actor: DeletionActor,
) {
  await queueUserEvent(db, clock, 'user_updated', accountId, {
    ...(actor.accountId !== null ? { actingAccountId: actor.accountId } : {}),
  });
}

async function requirePendingDeletion(db: Kysely<Database>, account: Account) {
  if (account.status === 'deleted') {
    throw new VeilError(
      'deletion.already_erased',
      'The deletion was carried out: the account is erased, and that cannot be undone',
    );
  }
  const pending = await findPendingDeletionRowForUpdate(db, account.accountId);
  if (!pending) throw new VeilError('deletion.not_found', 'No deletion of this account is waiting');
  return pending;
}
