import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.ts';

/**
 * Holds a named lock until the caller's transaction ends: a second transaction asking for the same
 * `scope` and `key` waits for the first to commit, then reads what it wrote. Limits that count rows
 * before inserting take it first, so that parallel requests are counted one after the other.
 */
export async function lockUntilCommit(db: Kysely<Database>, scope: string, key: string): Promise<void> {
  // Outside a transaction the lock would end with its own statement and hold nothing back.
  if (!db.isTransaction) throw new Error(`lockUntilCommit(${scope}) needs the caller's transaction`);
  await sql`select pg_advisory_xact_lock(hashtext(${scope}), hashtext(${key}))`.execute(db);
}
