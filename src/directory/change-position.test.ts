import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  advance,
  appliedThrough,
  jumpTo,
  type LogPosition,
  type LogRead,
  needsHorizon,
  stampHorizon,
  startPosition,
  tooFarBehind,
} from './change-position.ts';

const row = (seq: number) => ({ seq, kind: 'account', key: `a${seq}` });
/** A read of `rows` whose snapshot's xmin is `xmin`. */
const read = (rows: number[], xmin: number, extra: Partial<LogRead> = {}): LogRead => ({
  xmin,
  snapshot: `${xmin}:${xmin + 5}:`,
  oldest: rows[0] ?? null,
  newest: Math.max(0, ...rows),
  rows: rows.map(row),
  full: false,
  ...extra,
});
/** A read, applied, and its new gaps stamped with `horizon` (a transaction id taken after it). */
const step = (position: LogPosition, next: LogRead, horizon: number) => {
  const moved = advance(position, next);
  return { rows: moved.rows.map((r) => r.seq), position: stampHorizon(moved.position, horizon) };
};

describe('a position in the change log, where seqs commit out of order', () => {
  it('keeps a seq missing below a seen one open until every transaction that could hold it has ended', () => {
    const at: LogPosition = { seen: 9, gaps: [], window: null };
    // Seq 11 committed while 10 was in flight; the follower's own transaction after the read was 120.
    const first = step(at, read([11], 100), 120);
    assert.deepEqual(first.rows, [11]);
    assert.deepEqual(first.position.gaps, [{ from: 10, to: 10, horizon: 120 }]);
    assert.equal(appliedThrough(first.position), 9);
    // A transaction below 120 may still hold it: the gap stays.
    const second = step(first.position, read([], 119), 130);
    assert.equal(appliedThrough(second.position), 9);
    // Seq 10 commits: applied, and the position moves past both.
    const third = step(second.position, read([10], 119), 140);
    assert.deepEqual(third.rows, [10]);
    assert.equal(appliedThrough(third.position), 11);
  });

  it('closes the gap of a rolled-back seq once the oldest running transaction is past its horizon', () => {
    const open = step(startPosition, read([1, 3], 50), 60).position;
    assert.equal(appliedThrough(open), 1);
    const closed = step(open, read([], 60), 70).position;
    assert.deepEqual(closed.gaps, []);
    assert.equal(appliedThrough(closed), 3);
  });

  it('never closes a gap in the read that found it: its horizon is taken after', () => {
    const moved = advance(startPosition, read([1, 4], 1_000_000));
    assert.ok(needsHorizon(moved.position));
    assert.equal(appliedThrough(moved.position), 1);
  });

  it('closes nothing on a read that stopped at its limit', () => {
    const open = step(startPosition, read([1, 3], 50), 52).position;
    const partial = step(open, read([4, 5], 60, { full: true }), 61).position;
    assert.deepEqual(partial.gaps, [{ from: 2, to: 2, horizon: 52 }]);
    assert.equal(partial.seen, 5);
  });
});

describe('the gaps of a position', () => {
  it('splits a gap of many seqs as they arrive', () => {
    const open = step(startPosition, read([1, 6], 10), 20).position;
    const filled = step(open, read([3], 11), 21).position;
    assert.deepEqual(
      filled.gaps.map((gap) => [gap.from, gap.to]),
      [
        [2, 2],
        [4, 5],
      ],
    );
  });
});

describe('a position that falls behind', () => {
  it('is too far behind above the backlog limit, or behind the oldest row kept', () => {
    const at: LogPosition = { seen: 100, gaps: [], window: null };
    assert.equal(tooFarBehind(at, read([101], 1, { newest: 150 }), 50), false);
    assert.equal(tooFarBehind(at, read([101], 1, { newest: 151 }), 50), true);
    assert.equal(tooFarBehind(at, read([103], 1), 50), true);
  });

  it('after a jump, keeps a window on what was in flight until the jump has ended', () => {
    const at: LogPosition = { seen: 5, gaps: [{ from: 4, to: 4, horizon: 9 }], window: null };
    const jumped = stampHorizon(jumpTo(at, read([], 30, { newest: 90 })), 40);
    assert.equal(jumped.seen, 90);
    assert.deepEqual(jumped.window, { from: 4, to: 90, xmin: 30, horizon: 40, snapshot: '30:35:' });
    assert.equal(appliedThrough(jumped), 3);
    const waiting = step(jumped, read([], 39), 41);
    assert.equal(appliedThrough(waiting.position), 3);
    const caught = step(waiting.position, read([88], 40), 42);
    assert.deepEqual(caught.rows, [88]);
    assert.equal(caught.position.window, null);
    assert.equal(appliedThrough(caught.position), 90);
  });
});
