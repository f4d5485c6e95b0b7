/**
 * A whole store, kept in memory and put back in place: what lets a long property test run many cases on
 * one world and start over cheaply after a write that changed it (no new database, no new Veil: the
 * directory is told of every row put back, as it is of any change). Also a digest of everything stored,
 * to find what to put back, and a log of the rows that committed writes wrote.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import { changeChannel } from '../../src/directory/directory.ts';

type AnyDb = Kysely<Database>;

/** Tables that count reads (buffered, written whenever the buffer flushes): no write changes them. */
const readBookkeeping = new Set(['profile_reads', 'legacy_usage', 'legacy_usage_counts']);
/**
 * How the nodes follow the store (the change log, its sequence, the nodes' heartbeats): never put back,
 * for a follower's position must only grow; a restore adds to the log what it changed.
 */
const followMachinery = new Set(['change_log', 'veil_nodes']);
/** The table `logWrites` logs to (tables named `test_…` are the harness's, never snapshot). */
const writeLog = 'test_written_rows';

/** Digests of every table, by name. */
export type StoreDigest = ReadonlyMap<string, string>;

export interface StoreSnapshot {
  readonly rows: ReadonlyMap<string, string>;
  readonly digest: StoreDigest;
  readonly sequences: readonly { name: string; value: string | null; called: boolean }[];
  /** What the directory must hear of after a restore: `account:<id>`, `site:<id>`, `organization:<id>`. */
  readonly directoryKeys: readonly string[];
}

const tableLists = new WeakMap<AnyDb, string[]>();

async function listTables(db: AnyDb): Promise<string[]> {
  const known = tableLists.get(db);
  if (known) return known;
  const { rows } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like 'kysely_%' and table_name not like 'test_%'
    order by table_name`.execute(db);
  const names = rows.map((row) => row.name).filter((name) => !followMachinery.has(name));
  tableLists.set(db, names);
  return names;
}

/** The keys by which the directory reloads what the store holds now. */
async function directoryKeysOf(db: AnyDb): Promise<string[]> {
  const { rows } = await sql<{ key: string }>`
    select 'account:' || account_id as key from accounts
    union all select 'organization:' || organization_id from organizations
    union all select 'site:' || site_id from sites`.execute(db);
  return rows.map((row) => row.key);
}

/**
 * Logs every row written from now on by a transaction that commits (a row trigger on every table
 * writes to a log in the same transaction, so a rollback takes the entry back with the write).
 */
export async function logWrites(db: AnyDb): Promise<void> {
  await sql`create table if not exists ${sql.raw(writeLog)} (written text not null)`.execute(db);
  await sql`create or replace function test_log_written_row() returns trigger language plpgsql as $$
    begin
      -- A token's last use is bookkeeping of a read (written in batches), not a change to the token.
      if tg_table_name = 'api_tokens' and tg_op = 'UPDATE'
        and to_jsonb(new) - 'last_used_at' = to_jsonb(old) - 'last_used_at' then return null; end if;
      insert into ${sql.raw(writeLog)} values (tg_table_name || ' ' || tg_op); return null;
    end $$`.execute(db);
  for (const name of await listTables(db)) {
    await sql`create trigger test_log_written_rows after insert or update or delete on ${sql.table(name)}
      for each row execute function test_log_written_row()`.execute(db);
  }
}

/**
 * The writes committed since the last call (`table OPERATION`, once each), read bookkeeping aside; the
 * log is emptied.
 */
export async function takeWrites(db: AnyDb): Promise<string[]> {
  const { rows } = await sql<{ written: string }>`
    delete from ${sql.raw(writeLog)} returning written`.execute(db);
  const written = new Set(rows.map((row) => row.written));
  return [...written].filter((entry) => !readBookkeeping.has(entry.split(' ')[0] ?? '')).sort();
}

/** A digest of every table, in one round trip. */
export async function digestStore(db: AnyDb): Promise<StoreDigest> {
  const parts = (await listTables(db)).map(
    (name) =>
      sql`select ${name} as name, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from ${sql.table(name)} t`,
  );
  const { rows } = await sql<{ name: string; digest: string }>`${sql.join(parts, sql` union all `)}`.execute(
    db,
  );
  return new Map(rows.map((row) => [row.name, row.digest]));
}

/** The tables whose digests differ (read bookkeeping aside). */
export function changedTables(before: StoreDigest, after: StoreDigest): string[] {
  return [...after.keys()].filter(
    (name) => !readBookkeeping.has(name) && before.get(name) !== after.get(name),
  );
}

/** Every row of every table (as JSON), their digests and every sequence's position. */
export async function takeSnapshot(db: AnyDb): Promise<StoreSnapshot> {
  const rows = new Map<string, string>();
  for (const name of await listTables(db)) {
    const result = await sql<{ rows: string | null }>`
      select json_agg(t)::text as rows from ${sql.table(name)} t`.execute(db);
    rows.set(name, result.rows[0]?.rows ?? '[]');
  }
  const { rows: sequences } = await sql<{ name: string; value: string | null; called: boolean }>`
    select sequencename as name, last_value::text as value, last_value is not null as called
    from pg_sequences where schemaname = 'public' and sequencename <> 'change_log_seq_seq'`.execute(db);
  return { rows, digest: await digestStore(db), sequences, directoryKeys: await directoryKeysOf(db) };
}

/**
 * Puts back, in one transaction, every table that differs from the snapshot (triggers and foreign keys
 * off meanwhile, as a restore does) and every sequence; then tells the directory of everything that was
 * or is now stored, so that a Veil on the store reloads it (its next write waits for that).
 */
export async function restoreSnapshot(db: AnyDb, snapshot: StoreSnapshot): Promise<void> {
  const changed = [...(await digestStore(db))].filter(
    ([name, digest]) => snapshot.digest.get(name) !== digest,
  );
  const keys = new Set([...snapshot.directoryKeys, ...(await directoryKeysOf(db))]);
  await db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx);
    for (const [name] of changed) {
      await sql`delete from ${sql.table(name)}`.execute(trx);
      const rows = snapshot.rows.get(name) ?? '[]';
      if (rows === '[]') continue;
      await sql`insert into ${sql.table(name)}
        select * from json_populate_recordset(null::${sql.table(name)}, ${rows}::json)`.execute(trx);
    }
    const positions = snapshot.sequences
      .filter((sequence) => sequence.value !== null)
      .map((s) => sql`setval(${s.name}::regclass, ${s.value}::bigint, ${s.called})`);
    if (positions.length > 0) await sql`select ${sql.join(positions)}`.execute(trx);
  });
  await sql`insert into change_log (kind, key)
    select split_part(entry, ':', 1), substr(entry, strpos(entry, ':') + 1)
    from unnest(${[...keys]}::text[]) as entry`.execute(db);
  await sql`select pg_notify(${changeChannel}, '')`.execute(db);
}
