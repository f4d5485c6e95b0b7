import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { AccountDeletionsTable } from '../db/tables/deletion.table.ts';
import type { DeletionRow } from './deletion.model.ts';

export async function insertDeletionRow(
  db: Kysely<Database>,
  row: Insertable<AccountDeletionsTable>,
): Promise<void> {
  await db.insertInto('account_deletions').values(row).execute();
}

const selectDeletions = (db: Kysely<Database>) => db.selectFrom('account_deletions').selectAll();

/** The account's deletion that is still waiting, locked for the rest of the transaction. */
export async function findPendingDeletionRowForUpdate(
  db: Kysely<Database>,
  accountId: string,
): Promise<DeletionRow | undefined> {
  return selectDeletions(db)
    .where('account_id', '=', accountId)
    .where('status', '=', 'pending')
    .forUpdate()
    .executeTakeFirst();
}

/** The account's newest deletion request, whatever became of it. */
export async function findLatestDeletionRow(
  db: Kysely<Database>,
  accountId: string,
): Promise<DeletionRow | undefined> {
  return selectDeletions(db)
    .where('account_id', '=', accountId)
    .orderBy('requested_at', 'desc')
    .orderBy('deletion_id')
    .limit(1)
    .executeTakeFirst();
}

/** One deletion, locked for the rest of the transaction. */
export async function findDeletionRowForUpdate(
  db: Kysely<Database>,
  deletionId: string,
): Promise<DeletionRow | undefined> {
  return selectDeletions(db).where('deletion_id', '=', deletionId).forUpdate().executeTakeFirst();
}

export async function updateDeletionRow(
  db: Kysely<Database>,
  deletionId: string,
  changes: Updateable<AccountDeletionsTable>,
): Promise<void> {
  await db.updateTable('account_deletions').set(changes).where('deletion_id', '=', deletionId).execute();
}

/** Counts an erasure attempt as begun; committed on its own, so a cut-off attempt still counts. */
export async function recordErasureAttempt(
  db: Kysely<Database>,
  deletionId: string,
  now: Date,
): Promise<void> {
  await db
    .updateTable('account_deletions')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      first_attempt_at: eb.fn.coalesce('first_attempt_at', eb.val(now)),
      last_attempt_at: now,
    }))
    .where('deletion_id', '=', deletionId)
    .where('status', '=', 'pending')
    .execute();
}
