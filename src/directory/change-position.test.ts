import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  advance,
  appliedThrough,
  type Gap,
  hasOpen,
  jumpTo,
  type LogPosition,
  type LogRead,
  needsWriters,
  noteWriters,
  startPosition,
  tooFarBehind,
} from './change-position.ts';

const row = (seq: number) => ({ seq, kind: 'account', key: `a${seq}` });
/** A read of `rows`, with the log's writers seen just before it. */
const read = (rows: number[], writersBefore: string[] | null, extra: Partial<LogRead> = {}): LogRead => ({
  xmin: 30,
  writersBefore: writersBefore === null ? null : new Set(writersBefore),
  snapshot: '30:35:',
  oldest: rows[0] ?? null,
  newest: Math.max(0, ...rows),
  rows: rows.map(row),
  full: false,
  ...extra,
});
/** A read, applied, and the writers of its new gaps noted (`writersAfter`, seen right after it). */
const step = (position: LogPosition, next: LogRead, writersAfter: string[]) => {
  const moved = advance(position, next);
  return { rows: moved.rows.map((r) => r.seq), position: noteWriters(moved.position, writersAfter) };
};

describe('a position in the change log, where seqs commit out of order', () => {
  it('keeps a seq missing below a seen one open while a writer that could hold it runs', () => {
    const at: LogPosition = { seen: 9, gaps: [], window: null };
    // Seq 11 committed while 10 was in flight in transaction 3/7.
    const first = step(at, read([11], null), ['3/7']);
    assert.deepEqual(first.rows, [11]);
    assert.deepEqual(first.position.gaps, [{ from: 10, to: 10, writers: ['3/7'] }]);
    assert.equal(appliedThrough(first.position), 9);
    assert.ok(hasOpen(first.position));
    // Still writing: the gap stays.
    const second = step(first.position, read([], ['3/7', '4/2']), []);
    assert.equal(appliedThrough(second.position), 9);
    // Seq 10 commits: applied, and the position moves past both.
    const third = step(second.position, read([10], ['4/2']), []);
    assert.deepEqual(third.rows, [10]);
    assert.equal(appliedThrough(third.position), 11);
    assert.ok(!hasOpen(third.position));
  });

  it('closes the gap of a rolled-back seq once its writers have ended', () => {
    const open = step(startPosition, read([1, 3], null), ['5/1']).position;
    assert.equal(appliedThrough(open), 1);
    const closed = step(open, read([], ['6/1']), []).position;
    assert.deepEqual(closed.gaps, []);
    assert.equal(appliedThrough(closed), 3);
  });

  it('never closes a gap in the read that found it: its writers are noted after', () => {
    const moved = advance(startPosition, read([1, 4], []));
    assert.ok(needsWriters(moved.position));
    assert.equal(appliedThrough(moved.position), 1);
  });

  it('closes nothing on a read that stopped at its limit', () => {
    const open = step(startPosition, read([1, 3], null), ['5/1']).position;
    const partial = step(open, read([4, 5], [], { full: true }), []).position;
    assert.deepEqual(partial.gaps, [{ from: 2, to: 2, writers: ['5/1'] }]);
    assert.equal(partial.seen, 5);
  });
});

describe('the gaps of a position', () => {
  it('splits a gap of many seqs as they arrive', () => {
    const open = step(startPosition, read([1, 6], null), ['1/1']).position;
    const filled = step(open, read([3], ['1/1']), []).position;
    assert.deepEqual(
      filled.gaps.map((gap: Gap) => [gap.from, gap.to]),
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
    assert.equal(tooFarBehind(at, read([101], null, { newest: 150 }), 50), false);
    assert.equal(tooFarBehind(at, read([101], null, { newest: 151 }), 50), true);
    assert.equal(tooFarBehind(at, read([103], null), 50), true);
  });

  it('after a jump, keeps a window on what was in flight until its writers have ended', () => {
    const at: LogPosition = { seen: 5, gaps: [{ from: 4, to: 4, writers: ['2/2'] }], window: null };
    const jumped = noteWriters(jumpTo(at, read([], null, { newest: 90 })), ['2/2', '3/3']);
    assert.equal(jumped.seen, 90);
    assert.deepEqual(jumped.window, {
      from: 4,
      to: 90,
      xmin: 30,
      writers: ['2/2', '3/3'],
      snapshot: '30:35:',
    });
    assert.equal(appliedThrough(jumped), 3);
    const waiting = step(jumped, read([], ['3/3']), []);
    assert.equal(appliedThrough(waiting.position), 3);
    const caught = step(waiting.position, read([88], []), []);
    assert.deepEqual(caught.rows, [88]);
    assert.equal(caught.position.window, null);
    assert.equal(appliedThrough(caught.position), 90);
  });
});
