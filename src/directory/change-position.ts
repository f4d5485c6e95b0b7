/**
 * Where a follower stands in the change log, and what one read of it moves: pure, no I/O.
 *
 * Why gaps. A row's `seq` is taken from a sequence before its transaction commits, so on PostgreSQL
 * seq 11 can be visible while seq 10 is still in flight (or will roll back and never appear). Reading
 * only `seq > highest seen` would skip 10 forever. So every read also returns the snapshot it was
 * taken in (`xmin`: the oldest transaction still running; `xmax`: the first transaction id not yet
 * given out), in the same statement as the rows. A seq missing below one that was seen is a gap,
 * remembered with the `xmax` of the read that first saw it missing. The writer of that seq had its
 * transaction id before it took the seq (the trigger runs after the row's own write, which gave the
 * transaction its id), and the seq was taken before the higher one that was visible, so that id is
 * below that `xmax`. Once a later read's `xmin` is at or above it, every transaction that could hold
 * the seq has ended: the same read returns the row if it committed, and otherwise it never will, and
 * the gap is closed. The position (what a node reports as applied) is the highest seq with no open
 * gap below it; rows above a gap are applied as they are seen, and gaps are asked for by seq.
 *
 * A jump (at start, and when the follower is too far behind) reloads everything as of one snapshot and
 * moves to the newest seq; what was in flight then is a window: rows in it whose writer the jump's
 * snapshot did not see are read until a read's `xmin` passes the jump's `xmax`.
 */

/** One row of the change log. */
export interface ChangeRow {
  readonly seq: number;
  readonly kind: string;
  readonly key: string;
}

/** One read of the log: its rows (ascending, at most `limit`) and the snapshot it was taken in. */
export interface LogRead {
  readonly xmin: number;
  readonly xmax: number;
  /** The snapshot itself (`pg_current_snapshot()` as text), kept by a jump. */
  readonly snapshot: string;
  /** The lowest and highest seq visible (null when the log is empty), the highest given out at least. */
  readonly oldest: number | null;
  readonly newest: number;
  readonly rows: readonly ChangeRow[];
  /** Whether the read stopped at its limit: more rows may follow, and nothing may be closed yet. */
  readonly full: boolean;
}

/** Seqs `from`..`to` missing since a read whose `xmax` was `xmax`. */
export interface Gap {
  readonly from: number;
  readonly to: number;
  readonly xmax: number;
}

/** After a jump: seqs `from`..`to` whose writer `snapshot` did not see, until `xmin` ≥ `xmax`. */
export interface JumpWindow {
  readonly from: number;
  readonly to: number;
  readonly xmax: number;
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

/** Where a jump lands: the newest seq, with a window for what `read`'s snapshot saw in flight. */
export function jumpTo(position: LogPosition, read: LogRead): LogPosition {
  const from = appliedThrough(position) + 1;
  const inFlight = read.xmin < read.xmax && from <= read.newest;
  const window = inFlight ? { from, to: read.newest, xmax: read.xmax, snapshot: read.snapshot } : null;
  return { seen: Math.max(position.seen, read.newest), gaps: [], window };
}

/** What one read moves: the rows to apply now and the new position. */
export function advance(position: LogPosition, read: LogRead): { rows: ChangeRow[]; position: LogPosition } {
  let seen = position.seen;
  let gaps = [...position.gaps];
  const rows: ChangeRow[] = [];
  for (const row of read.rows) {
    if (row.seq > seen) {
      if (row.seq > seen + 1) gaps.push({ from: seen + 1, to: row.seq - 1, xmax: read.xmax });
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
  const window = position.window && read.xmin >= position.window.xmax ? null : position.window;
  return { rows, position: { seen, gaps: gaps.filter((gap) => read.xmin < gap.xmax), window } };
}

function fill(gap: Gap, seq: number): Gap[] {
  if (seq < gap.from || seq > gap.to) return [gap];
  const parts: Gap[] = [];
  if (seq > gap.from) parts.push({ ...gap, to: seq - 1 });
  if (seq < gap.to) parts.push({ ...gap, from: seq + 1 });
  return parts;
}
