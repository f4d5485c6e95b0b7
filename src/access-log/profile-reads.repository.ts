import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ProfileReadsTable } from '../db/tables/profile-reads.table.ts';

/** Adds counts to the stored ones (one row per account, app and day). */
export async function addProfileReadRows(db: Kysely<Database>, rows: readonly ProfileReadsTable[]) {
  if (rows.length === 0) return;
  await db
    .insertInto('profile_reads')
    .values([...rows])
    .onConflict((oc) =>
      oc
        .columns(['account_id', 'app_key', 'day'])
        .doUpdateSet({ reads: sql`profile_reads.reads + excluded.reads` }),
    )
    .execute();
}

/** The apps that read an account's profile, per day, newest day first. */
export async function findProfileReadRows(db: Kysely<Database>, accountId: string, limit = 1000) {
  return db
    .selectFrom('profile_reads')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('day', 'desc')
    .orderBy('app_key')
    .limit(limit)
    .execute();
}
