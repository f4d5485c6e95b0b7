/**
 * Indexes every account at once (an upgrade, the bench's bulk load). Into empty search tables it writes
 * the rows in accountId order, a page at a time, with the tables' secondary indexes dropped and made
 * again after; otherwise it queues every account and drains the queue as the indexer does.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import { loadAccountRange } from './directory.repository.ts';
import { indexPendingBatch } from './search-indexer.ts';
import { insertRowsOf, withManagement } from './search-rows.ts';

/**
 * Indexes every account (an upgrade, the bench's bulk load); how many it indexed. Into empty search
 * tables it writes in accountId order with their secondary indexes dropped and made again after (several
 * times faster at millions of accounts); otherwise it queues every account and drains the queue.
 */
export async function indexEveryAccount(
  db: Kysely<Database>,
  options: { batchSize?: number } = {},
): Promise<number> {
  const bulk = await indexIfEmpty(db, options.batchSize ?? 1000);
  if (bulk !== null) return bulk;
  await sql`insert into search_pending (account_id) select account_id from accounts on conflict do nothing`.execute(
    db,
  );
  let indexed = 0;
  for (;;) {
    const batch = await indexPendingBatch(db, options.batchSize ?? 1000);
    if (batch === 0) return indexed;
    indexed += batch;
  }
}

/** Serialises bulk runs in this process (PGlite's connections share one session, and its advisory locks). */
let bulkRuns: Promise<unknown> = Promise.resolve();

/** Arbitrary: the advisory lock that keeps bulk runs of several processes apart. */
const bulkLockKey = 73_617_013;

/** The bulk path when the search tables are empty, one run at a time; null when they are not. */
function indexIfEmpty(db: Kysely<Database>, pageSize: number): Promise<number | null> {
  const run = () =>
    db.connection().execute(async (connection) => {
      await sql`select pg_advisory_lock(${bulkLockKey})`.execute(connection);
      try {
        const empty = await sql<{ empty: boolean }>`
          select not exists (select 1 from account_search_names) as empty`.execute(connection);
        return empty.rows[0]?.empty ? await indexIntoEmptyTables(connection, pageSize) : null;
      } finally {
        await sql`select pg_advisory_unlock(${bulkLockKey})`.execute(connection);
      }
    });
  const result = bulkRuns.then(run, run);
  bulkRuns = result.catch(() => undefined);
  return result;
}

/** The bulk path of `indexEveryAccount`: every account, a page at a time, then the indexes and the queue. */
async function indexIntoEmptyTables(db: Kysely<Database>, pageSize: number): Promise<number> {
  const queued = await sql<{
    mark: string | null;
  }>`select max(seq)::text as mark from search_pending`.execute(db);
  const indexes = await dropSecondaryIndexes(db);
  let indexed = 0;
  for (let after = ''; ; ) {
    const page = await sql<{ account_id: string }>`
      select account_id from accounts where account_id > ${after} order by account_id limit ${pageSize}`.execute(
      db,
    );
    const ids = page.rows.map((row) => row.account_id);
    if (ids.length === 0) break;
    const last = ids[ids.length - 1]!;
    const from = after;
    await db.transaction().execute(async (trx) => {
      await insertRowsOf(trx, await withManagement(trx, await loadAccountRange(trx, from, last)));
    });
    indexed += ids.length;
    after = last;
  }
  for (const definition of indexes) await sql.raw(definition).execute(db);
  // What was queued before the first page was read is in the rows now; later changes stay queued.
  const mark = queued.rows[0]?.mark ?? null;
  if (mark !== null) await sql`delete from search_pending where seq <= ${mark}::bigint`.execute(db);
  await sql`analyze account_search_names, account_search_terms`.execute(db);
  return indexed;
}

/** Drops the search tables' indexes that no constraint needs; returns how to make them again. */
async function dropSecondaryIndexes(db: Kysely<Database>): Promise<string[]> {
  const found = await sql<{ name: string; definition: string }>`
    select indexname as name, indexdef as definition from pg_indexes
    where tablename in ('account_search_names', 'account_search_terms') and indexname not like '%_pkey'`.execute(
    db,
  );
  for (const { name } of found.rows) await sql`drop index ${sql.ref(name)}`.execute(db);
  return found.rows.map((row) => row.definition);
}
