import { type Insertable, type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ErasureReportsTable } from '../db/tables/erasure.table.ts';
import type { ErasureReportRow } from './erasure.model.ts';

export async function insertErasureReportRow(
  db: Kysely<Database>,
  row: Insertable<ErasureReportsTable>,
): Promise<void> {
  await db
    .insertInto('erasure_reports')
    .values({ ...row, report: JSON.stringify(row.report) as never })
    .execute();
}

/** The `report` column holds what `insertErasureReport` wrote: an `ErasureReportBody` as JSON. */
type StoredReport = Pick<ErasureReportRow, 'report'>;

/** The report of the account's erasure (an account is erased once). */
export async function findErasureReportRow(
  db: Kysely<Database>,
  accountId: string,
): Promise<ErasureReportRow | undefined> {
  return db
    .selectFrom('erasure_reports')
    .selectAll()
    .where('account_id', '=', accountId)
    .$narrowType<StoredReport>()
    .executeTakeFirst();
}

export async function listErasureReportRows(
  db: Kysely<Database>,
  page: { startAt: number; maxResults: number },
): Promise<ErasureReportRow[]> {
  return db
    .selectFrom('erasure_reports')
    .selectAll()
    .$narrowType<StoredReport>()
    .orderBy('completed_at', 'desc')
    .orderBy('deletion_id')
    .offset(page.startAt)
    .limit(page.maxResults)
    .execute();
}

export async function countErasureReports(db: Kysely<Database>): Promise<number> {
  const { count } = await db
    .selectFrom('erasure_reports')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(count);
}

/** Deletes the rows of `table` whose `column` is the accountId; returns how many went. */
export async function deleteRowsOfAccount(
  db: Kysely<Database>,
  table: string,
  column: string,
  accountId: string,
): Promise<number> {
  const result = await db
    .deleteFrom(table as keyof Database)
    .where(column as never, '=', accountId as never)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The legacy usernames and userKeys the account had on its sites (what the scan must not find). */
export async function findLegacyIdentities(db: Kysely<Database>, accountId: string) {
  return db
    .selectFrom('site_accounts')
    .select(['username', 'user_key'])
    .where('account_id', '=', accountId)
    .execute();
}

/** Removes the legacy username and userKey from the account's site links; returns the links changed. */
export async function eraseLegacyIdentities(db: Kysely<Database>, accountId: string): Promise<number> {
  const result = await db
    .updateTable('site_accounts')
    .set({ username: null, username_normalized: null, user_key: null })
    .where('account_id', '=', accountId)
    .where((eb) => eb.or([eb('username', 'is not', null), eb('user_key', 'is not', null)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Deletes the person's rows of the search names (src/directory/search-indexer.ts); the erasure deletes
 * their terms next, as any table's rows. It queues the account first, which waits for an indexer that
 * claimed it to commit: the erasure then takes the locks in the indexer's order (queue, names, terms),
 * so the two never deadlock, and the indexer, finding the account erased, writes no row for it again.
 */
export async function eraseSearchNames(db: Kysely<Database>, accountId: string): Promise<number> {
  await db
    .insertInto('search_pending')
    .values({ account_id: accountId })
    .onConflict((conflict) => conflict.doNothing())
    .execute();
  const result = await db
    .deleteFrom('account_search_names')
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Reports whose erasure's tables have not been rewritten on disk yet, oldest first. */
export async function listReportRowsAwaitingRewrite(db: Kysely<Database>): Promise<ErasureReportRow[]> {
  return db
    .selectFrom('erasure_reports')
    .selectAll()
    .$narrowType<StoredReport>()
    .where('rewritten_at', 'is', null)
    .orderBy('completed_at')
    .execute();
}

/** Records that the erasures' tables were rewritten on disk at `at` (their reports' `rewrite.completedAt`). */
export async function markReportsRewritten(
  db: Kysely<Database>,
  deletionIds: readonly string[],
  at: Date,
): Promise<void> {
  if (deletionIds.length === 0) return;
  await db
    .updateTable('erasure_reports')
    .set({ rewritten_at: at })
    .where('deletion_id', 'in', [...deletionIds])
    .execute();
}

/**
 * Writes each table and its indexes anew (VACUUM FULL) and refreshes their statistics; then does the
 * same to the statistics catalogue, whose old rows may hold values sampled from the tables (where the
 * role may not, PostgreSQL skips it with a warning). Waits at most `lockTimeout` for each table's lock,
 * so it never queues every other query behind a long transaction. Cannot run in a transaction.
 */
export async function rewriteTablesOnDisk(
  db: Kysely<Database>,
  tables: readonly string[],
  lockTimeout: string,
): Promise<void> {
  if (tables.length === 0) return;
  await db.connection().execute(async (connection) => {
    await sql`select set_config('lock_timeout', ${lockTimeout}, false)`.execute(connection);
    try {
      await sql`vacuum (full, analyze) ${sql.join(tables.map((table) => sql.id(table)))}`.execute(connection);
      await sql`vacuum full pg_catalog.pg_statistic`.execute(connection);
    } finally {
      await sql`reset lock_timeout`.execute(connection);
    }
  });
}

/** Writes every changed page to the data files now (PGlite, whose role may). */
export async function checkpointStore(db: Kysely<Database>): Promise<void> {
  await sql`checkpoint`.execute(db);
}

/** The store's random identity (see `StoreIdentityTable`). */
export async function findStoreId(db: Kysely<Database>): Promise<string> {
  const row = await db.selectFrom('store_identity').select('store_id').executeTakeFirstOrThrow();
  return row.store_id;
}

/** Of these accounts, the ones that exist and are not erased (they still hold personal data). */
export async function findAccountIdsNotErased(
  db: Kysely<Database>,
  accountIds: readonly string[],
): Promise<string[]> {
  const found: string[] = [];
  // In slices, so a ledger of many erasures never makes one huge statement.
  for (let start = 0; start < accountIds.length; start += 1000) {
    const rows = await db
      .selectFrom('accounts')
      .select('account_id')
      .where('account_id', 'in', accountIds.slice(start, start + 1000))
      .where('status', '<>', 'deleted')
      .execute();
    found.push(...rows.map((row) => row.account_id));
  }
  return found;
}

/** The account's status, its row locked for the rest of the transaction; undefined if none. */
export async function lockAccountStatus(db: Kysely<Database>, accountId: string) {
  const row = await db
    .selectFrom('accounts')
    .select('status')
    .where('account_id', '=', accountId)
    .forUpdate()
    .executeTakeFirst();
  return row?.status;
}

/** Every account this store holds an erasure report of. */
export async function listErasedAccountIds(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('erasure_reports').select('account_id').execute();
  return rows.map((row) => row.account_id);
}

/** The account of the deletion, if the deletion was carried out (its erasure committed). */
export async function findErasedAccountOfDeletion(
  db: Kysely<Database>,
  deletionId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('account_deletions')
    .select('account_id')
    .where('deletion_id', '=', deletionId)
    .where('status', '=', 'erased')
    .executeTakeFirst();
  return row?.account_id;
}
