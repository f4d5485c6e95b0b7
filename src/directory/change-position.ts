/**
 * Where a follower stands in the change log, and what one read of it moves: pure, no I/O.
 *
 * Why gaps. A row's `seq` is taken from a sequence before its transaction commits, so on PostgreSQL
 * seq 11 can be visible while seq 10 is still in flight (or will roll back and never appear). Reading
 * only `seq > highest seen` would skip 10 forever. A seq missing below one that was seen is a gap. Its
 * writer took the seq before the read (a higher one was already visible), inside an insert into
 * `change_log`, whose lock (RowExclusiveLock, taken before the insert's sequence value) it holds until
 * it ends. So right after the read the follower notes the transactions holding that lock (`pg_locks`,
 * this database only): the gap's writers. The gap is closed once none of them holds it any more, seen
 * BEFORE a read's snapshot is taken: then the writer had ended before that snapshot, which therefore
 * returns the row if it committed, and otherwise it never will. (The brief of this design closed gaps
 * when a later snapshot's xmin passed the first one's xmax; PostgreSQL sets a snapshot's xmax to the
 * latest completed transaction + 1, so a running writer above it is neither below xmax nor in the
 * snapshot's list: seen in a test, snapshot `1416:1416:` while transaction 1416 was writing. A xid
 * horizon is also cluster-wide: any long transaction in any database would hold every gap open.)
 * The position (what a node reports as applied) is the highest seq with no open gap below it; rows
 * above a gap are applied as they are seen, and the gaps are asked for by seq in every read.
 *
 * A jump (at start, and when the follower is too far behind) reloads everything as of one snapshot and
 * moves to the newest seq given out; what was in flight then is a window: rows in it whose writer the
 * jump's snapshot did not see are read until the writers noted after the jump have all ended.
 */

/** One row of the change log. */
export interface ChangeRow {
  readonly seq: number;
  readonly kind: string;
  readonly key: string;
}

/** One read of the log: its rows (ascending, at most `limit`) and the snapshot it was taken in. */
export interface LogRead {
  /** Every transaction below this had ended when the read was taken. */
  readonly xmin: number;
  /** The writers of the log (virtual transaction ids) just before the read; null: not asked. */
  readonly writersBefore: ReadonlySet<string> | null;
  /** The snapshot itself (`pg_current_snapshot()` as text), kept by a jump. */
  readonly snapshot: string;
  /** The lowest and highest seq visible (null when the log is empty), the highest given out at least. */
  readonly oldest: number | null;
  readonly newest: number;
  readonly rows: readonly ChangeRow[];
  /** Whether the read stopped at its limit: more rows may follow, and nothing may be closed yet. */
  readonly full: boolean;
}

/** Seqs `from`..`to` missing, open while one of `writers` runs (null: not noted yet). */
export interface Gap {
  readonly from: number;
  readonly to: number;
  readonly writers: readonly string[] | null;
}

/**
 * After a jump: seqs `from`..`to` whose writer `snapshot` did not see (its id is `xmin` or above, so an
 * index finds them), open while one of `writers` runs.
 */
export interface JumpWindow {
  readonly from: number;
  readonly to: number;
  readonly xmin: number;
  readonly writers: readonly string[] | null;
  readonly snapshot: string;
}

export interface LogPosition {
  /** The highest seq applied. */
  readonly seen: number;
  readonly gaps: readonly Gap[];
  readonly window: JumpWindow | null;
}

export const startPosition: LogPosition = Object.freeze({ seen: 0, gaps: [], window: null });

/** The highest seq with nothing open below it: every change up to it has been applied. */
export function appliedThrough(position: LogPosition): number {
  const lows = position.gaps.map((gap) => gap.from - 1);
  if (position.window) lows.push(position.window.from - 1);
  return Math.min(position.seen, ...lows);
}

/** Whether the follower has fallen too far behind: more than `backlogLimit`, or behind what is kept. */
export function tooFarBehind(position: LogPosition, read: LogRead, backlogLimit: number): boolean {
  if (read.newest - position.seen > backlogLimit) return true;
  return read.oldest !== null && read.oldest > position.seen + 1;
}

/** Where a jump lands: the newest seq, with a window for what may have been in flight at `read`. */
export function jumpTo(position: LogPosition, read: LogRead): LogPosition {
  const from = appliedThrough(position) + 1;
  const window =
    from <= read.newest
      ? { from, to: read.newest, xmin: read.xmin, writers: null, snapshot: read.snapshot }
      : null;
  return { seen: Math.max(position.seen, read.newest), gaps: [], window };
}

/** Whether anything is open: the next read must know the log's writers before it. */
export function hasOpen(position: LogPosition): boolean {
  return position.window !== null || position.gaps.length > 0;
}

/** Whether a new gap (or window) waits for its writers to be noted (right after the read). */
export function needsWriters(position: LogPosition): boolean {
  return position.window?.writers === null || position.gaps.some((gap) => gap.writers === null);
}

/** Notes `writers` on what waits for them. */
export function noteWriters(position: LogPosition, writers: readonly string[]): LogPosition {
  const gaps = position.gaps.map((gap) => (gap.writers === null ? { ...gap, writers } : gap));
  const window = position.window?.writers === null ? { ...position.window, writers } : position.window;
  return { ...position, gaps, window };
}

const ended = (read: LogRead, writers: readonly string[] | null) =>
  writers !== null &&
  read.writersBefore !== null &&
  writers.every((writer) => !read.writersBefore?.has(writer));

/** What one read moves: the rows to apply now and the new position. */
export function advance(position: LogPosition, read: LogRead): { rows: ChangeRow[]; position: LogPosition } {
  let seen = position.seen;
  let gaps = [...position.gaps];
  const rows: ChangeRow[] = [];
  for (const row of read.rows) {
    if (row.seq > seen) {
      if (row.seq > seen + 1) gaps.push({ from: seen + 1, to: row.seq - 1, writers: null });
      seen = row.seq;
      rows.push(row);
    } else {
      // A gap filled, or a row of the jump's window: applied (again, at worst: applying is idempotent).
      gaps = gaps.flatMap((gap) => fill(gap, row.seq));
      rows.push(row);
    }
  }
  if (read.full) return { rows, position: { seen, gaps, window: position.window } };
  // Every open seq was asked for by this read: what its snapshot proves ended is closed.
  const window = position.window && ended(read, position.window.writers) ? null : position.window;
  return { rows, position: { seen, gaps: gaps.filter((gap) => !ended(read, gap.writers)), window } };
}

function fill(gap: Gap, seq: number): Gap[] {
  if (seq < gap.from || seq > gap.to) return [gap];
  const parts: Gap[] = [];
  if (seq > gap.from) parts.push({ ...gap, to: seq - 1 });
  if (seq < gap.to) parts.push({ ...gap, from: seq + 1 });
  return parts;
}
