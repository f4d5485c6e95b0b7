import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ErasureReportRow } from './erasure.model.ts';
import type { ErasureReportsTable } from './erasure.table.ts';

export async function insertErasureReportRow(
  db: Kysely<Database>,
  row: Insertable<ErasureReportsTable>,
): Promise<void> {
  await db
    .insertInto('erasure_reports')
    .values({ ...row, report: JSON.stringify(row.report) as never })
    .execute();
}

/** The report of the account's erasure (an account is erased once). */
export async function findErasureReportRow(
  db: Kysely<Database>,
  accountId: string,
): Promise<ErasureReportRow | undefined> {
  return db.selectFrom('erasure_reports').selectAll().where('account_id', '=', accountId).executeTakeFirst();
}

export async function listErasureReportRows(
  db: Kysely<Database>,
  page: { startAt: number; maxResults: number },
): Promise<ErasureReportRow[]> {
  return db
    .selectFrom('erasure_reports')
    .selectAll()
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
