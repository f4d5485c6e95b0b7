/**
 * Keeps the search tables up to date. Triggers queue every account whose search rows may have changed in
 * `search_pending`, in the writing transaction. Every process runs an indexer: it claims a batch (`for
 * update skip locked`, so nodes share the queue), and in the same transaction loads those accounts,
 * decides their views and rewrites their rows (search-rows.ts). A crash rolls the claim back with the
 * rows. A change committed while a batch is indexed queues its account again: its trigger's insert waits
 * on the claimed (deleted, uncommitted) queue row, and once the batch commits the row is free, so the
 * account is indexed again from the newer data; a change committed before the batch's load is in what
 * the load reads.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import { rewriteRows } from './search-rows.ts';

/** Indexes the accounts named now, in one transaction (accounts that are gone lose their rows). */
export async function indexAccounts(db: Kysely<Database>, accountIds: readonly string[]): Promise<void> {
  if (accountIds.length === 0) return;
  await db.transaction().execute((trx) => rewriteRows(trx, accountIds));
}

/** Claims up to `limit` queued accounts and indexes them, in one transaction; how many it claimed. */
export async function indexPendingBatch(db: Kysely<Database>, limit: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const claimed = await sql<{ account_id: string }>`
      delete from search_pending where account_id in
        (select account_id from search_pending order by seq limit ${limit} for update skip locked)
      returning account_id`.execute(trx);
    const ids = claimed.rows.map((row) => row.account_id);
    if (ids.length > 0) await rewriteRows(trx, ids);
    return ids.length;
  });
}

/** How many queued accounts one transaction of the running indexer takes. */
const batchSize = 500;

/** How long `sync` waits, at most, for batches other processes have claimed. */
const syncPatienceMs = 5000;

/** Up to this many queued accounts are indexed before a node starts answering (see `catchUpAtStart`). */
const startupSyncLimit = 2000;

/**
 * The indexer of one process: woken by the directory whenever the change channel speaks, it empties the
 * queue a batch at a time (one run at a time in this process; other processes take other rows).
 */
export class SearchIndexer {
  readonly #db: Kysely<Database>;
  #running: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** Indexes what is queued, in the background (a failure is tried again at the next wake or sync). */
  wake(): void {
    this.#run().catch(() => undefined);
  }

  /**
   * Returns once every account queued before the call is indexed, here or by another process
   * (read-your-own-writes for search).
   */
  async sync(): Promise<void> {
    const marked = await sql<{
      mark: string | null;
    }>`select max(seq)::text as mark from search_pending`.execute(this.#db);
    const mark = marked.rows[0]?.mark ?? null;
    if (mark === null) return;
    const deadline = Date.now() + syncPatienceMs;
    for (;;) {
      // An account that cannot be indexed now stays queued; the write that waits here is not refused for it.
      await this.#run().catch(() => undefined);
      const left = await sql`select 1 from search_pending where seq <= ${mark}::bigint limit 1`.execute(
        this.#db,
      );
      // Rows left are claimed by another process's batch (this one skipped them): wait for its commit.
      if (left.rows.length === 0 || Date.now() > deadline) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /**
   * At start: indexes what is queued before answering when that is little (a scenario just loaded), and
   * in the background when it is much (every account, after an upgrade), so a node is ready at once.
   */
  async catchUpAtStart(): Promise<void> {
    const queued = await sql<{ count: number }>`
      select count(*)::int as count from (select 1 from search_pending limit ${startupSyncLimit + 1}) queued
    `.execute(this.#db);
    if ((queued.rows[0]?.count ?? 0) <= startupSyncLimit) await this.sync();
    else this.wake();
  }

  /** Waits for the batch under way and indexes nothing more. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#running.catch(() => undefined);
  }

  #run(): Promise<void> {
    const drain = async () => {
      while (!this.#closed && (await indexPendingBatch(this.#db, batchSize)) > 0);
    };
    this.#running = this.#running.then(drain, drain);
    return this.#running;
  }
}
