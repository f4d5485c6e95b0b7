/**
 * Where a follower stands in the change log, and what one read of it moves: pure, no I/O.
 *
 * Why gaps. A row's `seq` is taken from a sequence before its transaction commits, so on PostgreSQL
 * seq 11 can be visible while seq 10 is still in flight (or will roll back and never appear). Reading
 * only `seq > highest seen` would skip 10 forever. So every read also returns the snapshot's xmin, in
 * the same statement as the rows: every transaction below it has ended. A seq missing below one that
 * was seen is a gap. Its writer had its transaction id before it took the seq (the trigger runs after
 * the row's own write, which gave the transaction its id), and the seq was taken before the read. The
 * gap is stamped with a horizon above every transaction id given out by then: a transaction id taken
 * by the follower right after the read (`pg_current_xact_id()`, only when a read found something new
 * to stamp). The snapshot's own xmax is NOT such a bound: PostgreSQL sets it to the latest completed
 * transaction + 1, so a running writer whose id is above every completed one is neither below it nor
 * in the snapshot's list (seen in a test: snapshot `1416:1416:` while transaction 1416 was writing).
 * Once a later read's xmin is at or above the horizon, every transaction that could hold the seq has
 * ended: that read returns the row if it committed, and otherwise it never will, and the gap closes.
 * The position (what a node reports as applied) is the highest seq with no open gap below it; rows
 * above a gap are applied as they are seen, and the gaps are asked for by seq in every read.
 *
 * A jump (at start, and when the follower is too far behind) reloads everything as of one snapshot and
 * moves to the newest seq given out; what was in flight then is a window: rows in it whose writer the
 * jump's snapshot did not see are read until a read's xmin passes the window's horizon.
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
  /** The snapshot itself (`pg_current_snapshot()` as text), kept by a jump. */
  readonly snapshot: string;
  /** The lowest and highest seq visible (null when the log is empty), the highest given out at least. */
  readonly oldest: number | null;
  readonly newest: number;
  readonly rows: readonly ChangeRow[];
  /** Whether the read stopped at its limit: more rows may follow, and nothing may be closed yet. */
  readonly full: boolean;
}

/** Seqs `from`..`to` missing, open until a read's xmin reaches `horizon` (null: not stamped yet). */
export interface Gap {
  readonly from: number;
  readonly to: number;
  readonly horizon: number | null;
}

/**
 * After a jump: seqs `from`..`to` whose writer `snapshot` did not see (its id is `xmin` or above, so an
 * index finds them), until a read's xmin reaches `horizon`.
 */
export interface JumpWindow {
  readonly from: number;
  readonly to: number;
  readonly xmin: number;
  readonly horizon: number | null;
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
      ? { from, to: read.newest, xmin: read.xmin, horizon: null, snapshot: read.snapshot }
      : null;
  return { seen: Math.max(position.seen, read.newest), gaps: [], window };
}

/** Whether a gap or the window waits for its horizon (a transaction id taken after the read). */
export function needsHorizon(position: LogPosition): boolean {
  return position.window?.horizon === null || position.gaps.some((gap) => gap.horizon === null);
}

/** Stamps what waits for a horizon with `horizon`. */
export function stampHorizon(position: LogPosition, horizon: number): LogPosition {
  const gaps = position.gaps.map((gap) => (gap.horizon === null ? { ...gap, horizon } : gap));
  const window = position.window?.horizon === null ? { ...position.window, horizon } : position.window;
  return { ...position, gaps, window };
}

const ended = (read: LogRead, horizon: number | null) => horizon !== null && read.xmin >= horizon;

/** What one read moves: the rows to apply now and the new position. */
export function advance(position: LogPosition, read: LogRead): { rows: ChangeRow[]; position: LogPosition } {
  let seen = position.seen;
  let gaps = [...position.gaps];
  const rows: ChangeRow[] = [];
  for (const row of read.rows) {
    if (row.seq > seen) {
      if (row.seq > seen + 1) gaps.push({ from: seen + 1, to: row.seq - 1, horizon: null });
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
  const window = position.window && ended(read, position.window.horizon) ? null : position.window;
  return { rows, position: { seen, gaps: gaps.filter((gap) => !ended(read, gap.horizon)), window } };
}

function fill(gap: Gap, seq: number): Gap[] {
  if (seq < gap.from || seq > gap.to) return [gap];
  const parts: Gap[] = [];
  if (seq > gap.from) parts.push({ ...gap, to: seq - 1 });
  if (seq < gap.to) parts.push({ ...gap, from: seq + 1 });
  return parts;
}
