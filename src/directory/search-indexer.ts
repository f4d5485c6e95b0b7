/**
 * Writes the search tables (`account_search_names`, `account_search_terms`) from decided views: for each
 * audience a person has (anyone signed in and the Email API always; the members and the admins of the
 * managing organization when one manages the account), the view the one decision gives that relation,
 * its words (`searchTermsOf`) and its sort key. A hidden field is in no view, so it is in no row.
 *
 * Triggers queue every account whose search rows may have changed in `search_pending`, in the writing
 * transaction. Every process runs an indexer: it claims a batch (`for update skip locked`, so nodes
 * share the queue), and in the same transaction loads those accounts, decides their views and rewrites
 * their rows. A crash rolls the claim back with the rows. A change committed while a batch is indexed
 * queues its account again: its trigger's insert waits on the claimed (deleted, uncommitted) queue row,
 * and once the batch commits the row is free, so the account is indexed again from the newer data; a
 * change committed before the batch's load is in what the load reads.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { AccountSearchNamesTable, AccountSearchTermsTable } from '../db/tables/search.table.ts';
import type { Relation } from '../visibility/visibility.ts';
import { decidedForRelation } from './decided-views.ts';
import { type AccountData, loadAccountData, loadAccountRange } from './directory.repository.ts';
import { buildEntries, type DirectoryEntry, storedEntry } from './directory-entries.ts';

/** The relations search rows are written for, each a bit of `audiences`. */
export const audienceBits = {
  'signed-in': 1,
  'email-api': 2,
  'organization-member': 4,
  'organization-admin': 8,
} as const satisfies Partial<Record<Relation, number>>;

export type SearchRelation = keyof typeof audienceBits;

const strangerRelations: readonly SearchRelation[] = ['signed-in', 'email-api'];
const everyRelation: readonly SearchRelation[] = Object.keys(audienceBits) as SearchRelation[];

/** Precedes every term in `words`, so `strpos(words, separator || query)` finds a term's prefix. */
export const wordSeparator = '\u001f';

/** The largest `lead` a term row records (see `leadOf`). */
export const leadCap = 16;

/**
 * How many code points a term and the sort key of its row start with in common, at most `leadCap`: the
 * term starts with a query of length L while the sort key does not exactly when the lead is below L
 * (L ≤ leadCap), so the term index reads those rows alone and passes over the rest.
 */
export function leadOf(term: string, sortKey: string): number {
  const a = Array.from(term);
  const b = Array.from(sortKey);
  let lead = 0;
  while (lead < leadCap && lead < a.length && a[lead] === b[lead]) lead++;
  return lead;
}

interface SearchRows {
  readonly names: AccountSearchNamesTable[];
  readonly terms: AccountSearchTermsTable[];
}

/**
 * The search rows of one account: one per distinct (sort key, words) among its audiences. None once it
 * is erased; marked inactive while it is not active (searches find active accounts only).
 */
function addRowsOf(entry: DirectoryEntry, rows: SearchRows): void {
  if (entry.account.status === 'deleted') return;
  const stored = storedEntry(entry);
  const { accountId, managingOrganizationId } = entry.account;
  const organizationId = managingOrganizationId ?? null;
  const active = entry.account.status === 'active';
  const groups = new Map<string, { audiences: number; sortKey: string; terms: string[] }>();
  for (const relation of organizationId === null ? strangerRelations : everyRelation) {
    const { sortKey, terms } = decidedForRelation(stored, relation);
    const key = JSON.stringify([sortKey, terms]);
    const group = groups.get(key);
    if (group) group.audiences |= audienceBits[relation];
    else groups.set(key, { audiences: audienceBits[relation], sortKey, terms });
  }
  for (const { audiences, sortKey, terms } of groups.values()) {
    const words = terms.map((term) => wordSeparator + term).join('');
    const shared = { account_id: accountId, audiences, organization_id: organizationId, active };
    rows.names.push({ ...shared, sort_key: sortKey, words });
    for (const term of terms)
      rows.terms.push({ ...shared, sort_key: sortKey, lead: leadOf(term, sortKey), term });
  }
}

/** The accounts named, with who manages them (as the directory works it out: the email domain's owner). */
async function loadEntries(db: Kysely<Database>, ids: readonly string[]): Promise<DirectoryEntry[]> {
  const data = await loadAccountData(db, ids);
  return data ? withManagement(db, data) : [];
}

async function withManagement(db: Kysely<Database>, data: AccountData): Promise<DirectoryEntry[]> {
  const entries = buildEntries(data);
  const managedDomain = (entry: DirectoryEntry) =>
    entry.account.accountType === 'atlassian' ? entry.emailDomain : null;
  const domains = [...new Set(entries.flatMap((entry) => managedDomain(entry) ?? []))];
  const owners =
    domains.length === 0
      ? []
      : await db
          .selectFrom('organization_domains')
          .select(['domain', 'organization_id'])
          .where('domain', 'in', domains)
          .execute();
  const ownerOf = new Map(owners.map((row) => [row.domain, row.organization_id]));
  return entries.map((entry) => {
    const domain = managedDomain(entry);
    const managingOrganizationId = (domain === null ? undefined : ownerOf.get(domain)) ?? null;
    return { ...entry, account: { ...entry.account, managingOrganizationId } };
  });
}

const idList = (ids: readonly string[]) =>
  sql`(select json_array_elements_text(${JSON.stringify(ids)}::json))`;

/** Rewrites the search rows of the accounts named, from what the store holds now (in `db`'s transaction). */
async function rewriteRows(db: Kysely<Database>, ids: readonly string[]): Promise<void> {
  await sql`delete from account_search_names where account_id in ${idList(ids)}`.execute(db);
  await sql`delete from account_search_terms where account_id in ${idList(ids)}`.execute(db);
  await writeRows(db, ids);
}

/** Writes the search rows of the accounts named (they have none yet), from what the store holds now. */
async function writeRows(db: Kysely<Database>, ids: readonly string[]): Promise<void> {
  await insertRowsOf(db, await loadEntries(db, ids));
}

async function insertRowsOf(db: Kysely<Database>, entries: readonly DirectoryEntry[]): Promise<void> {
  const rows: SearchRows = { names: [], terms: [] };
  for (const entry of entries) addRowsOf(entry, rows);
  if (rows.names.length > 0) {
    await sql`insert into account_search_names (account_id, audiences, organization_id, sort_key, words, active)
      select * from json_to_recordset(${JSON.stringify(rows.names)}::json)
        as r(account_id text, audiences integer, organization_id text, sort_key text, words text, active boolean)`.execute(
      db,
    );
  }
  if (rows.terms.length > 0) {
    await sql`insert into account_search_terms (term, account_id, audiences, organization_id, sort_key, lead, active)
      select * from json_to_recordset(${JSON.stringify(rows.terms)}::json) as r(
        term text, account_id text, audiences integer, organization_id text, sort_key text, lead smallint,
        active boolean
      )`.execute(db);
  }
}

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
