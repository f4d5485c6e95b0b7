import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock, MovableClock } from './clock.ts';

describe('the movable clock', () => {
  it('runs with its base clock, ahead by what it was moved, and never goes back', () => {
    const base = new ManualClock(new Date('2026-11-22T12:00:00Z'));
    const clock = new MovableClock(base);
    clock.advance(14 * 86_400_000);
    base.advance(60_000);
    assert.equal(clock.now().toISOString(), '2026-12-06T12:01:00.000Z');
    assert.equal(clock.baseNow().toISOString(), '2026-11-22T12:01:00.000Z');
    assert.throws(() => clock.advance(-1), RangeError);
    assert.equal(clock.offset, 14 * 86_400_000);
  });
});
