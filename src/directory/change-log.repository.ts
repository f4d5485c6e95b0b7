import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { LogPosition, LogRead } from './change-position.ts';

type Db = Kysely<Database>;

interface ReadRow {
  xmin: string;
  snapshot: string;
  oldest: number | string | null;
  newest: number | string | null;
  seq: number | string | null;
  kind: string | null;
  key: string | null;
}

/** What a read asks for: every seq above the highest seen, every open gap, the jump's window. */
function wanted(position: LogPosition): RawBuilder<unknown> {
  const parts = [sql`seq > ${position.seen}`];
  for (const gap of position.gaps) parts.push(sql`seq between ${gap.from} and ${gap.to}`);
  const { window } = position;
  if (window) {
    parts.push(sql`(xid >= ${String(window.xmin)}::xid8 and seq between ${window.from} and ${window.to}
      and not pg_visible_in_snapshot(xid, ${window.snapshot}::pg_snapshot))`);
  }
  return sql.join(parts, sql` or `);
}

/**
 * One read of the log, in ONE statement so that the rows and the snapshot bounds agree (see
 * change-position.ts): up to `limit` rows the position asks for, in seq order, the snapshot (and its
 * xmin), and the lowest and highest seq (the sequence's last value counts: given out, maybe in flight).
 */
export async function readLog(
  db: Db,
  position: LogPosition,
  limit: number,
  writersBefore: ReadonlySet<string> | null,
): Promise<LogRead> {
  const { rows } = await sql<ReadRow>`
    select s.xmin::text as xmin, s.snapshot, b.oldest, b.newest, c.seq, c.kind, c.key
    from (select pg_snapshot_xmin(pg_current_snapshot()) as xmin,
            pg_current_snapshot()::text as snapshot) s
    cross join (select (select min(seq) from change_log) as oldest,
      greatest((select max(seq) from change_log),
        (select case when is_called then last_value end from change_log_seq_seq)) as newest) b
    left join lateral (
      select seq, kind, key from change_log where ${wanted(position)} order by seq limit ${limit}
    ) c on true
    order by c.seq`.execute(db);
  const first = rows[0] as ReadRow;
  const changes = rows
    .filter((row) => row.seq !== null)
    .map((row) => ({ seq: Number(row.seq), kind: row.kind ?? '', key: row.key ?? '' }));
  return {
    xmin: Number(first.xmin),
    writersBefore,
    snapshot: first.snapshot,
    oldest: first.oldest === null ? null : Number(first.oldest),
    newest: first.newest === null ? 0 : Number(first.newest),
    rows: changes,
    full: changes.length >= limit,
  };
}

/**
 * The transactions (virtual ids) that hold a writer's lock on `change_log` in this database now: each
 * holds it from before it took a seq until it ends (see change-position.ts).
 */
export async function logWriters(db: Db): Promise<string[]> {
  const { rows } = await sql<{ writer: string }>`
    select distinct virtualtransaction as writer from pg_locks
    where locktype = 'relation' and relation = 'change_log'::regclass and mode = 'RowExclusiveLock'
      and database = (select oid from pg_database where datname = current_database())`.execute(db);
  return rows.map((row) => row.writer);
}

/** This node's heartbeat: the position it has applied, seen now. */
export async function beat(db: Db, nodeId: string, position: number): Promise<void> {
  await sql`insert into veil_nodes (node_id, position, seen_at) values (${nodeId}, ${position}, now())
    on conflict (node_id) do update set position = excluded.position, seen_at = excluded.seen_at`.execute(db);
}

/** A node that stops says so: the others no longer wait for it. */
export async function leave(db: Db, nodeId: string): Promise<void> {
  await db.deleteFrom('veil_nodes').where('node_id', '=', nodeId).execute();
}

/** How many other nodes seen within `leaseMs` have not applied the log through `seq`. */
export async function countNodesBehind(
  db: Db,
  nodeId: string,
  seq: number,
  leaseMs: number,
): Promise<number> {
  const { rows } = await sql<{ behind: number | string }>`
    select count(*) as behind from veil_nodes
    where node_id <> ${nodeId} and position < ${seq}
      and seen_at > now() - ${leaseMs} * interval '1 millisecond'`.execute(db);
  return Number(rows[0]?.behind ?? 0);
}

/** The highest seq visible now (0 when the log is empty). */
export async function newestSeq(db: Db): Promise<number> {
  const { rows } = await sql<{ newest: number | string | null }>`
    select max(seq) as newest from change_log`.execute(db);
  return Number(rows[0]?.newest ?? 0);
}

/** Forgets changes older than `retentionMs`, and nodes not seen for as long. */
export async function pruneLog(db: Db, retentionMs: number): Promise<void> {
  const cutoff = sql`now() - ${retentionMs} * interval '1 millisecond'`;
  await sql`delete from change_log where changed_at < ${cutoff}`.execute(db);
  await sql`delete from veil_nodes where seen_at < ${cutoff}`.execute(db);
}
