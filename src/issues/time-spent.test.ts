import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { formatTimeSpent, maxTimeSpentSeconds, parseTimeSpent } from './time-spent.ts';

describe('time spent', () => {
  it('reads the tracker duration strings', () => {
    assert.equal(parseTimeSpent('3h 20m'), 3 * 3600 + 20 * 60);
    assert.equal(parseTimeSpent('1w 1d'), 6 * 8 * 3600);
    assert.equal(parseTimeSpent('45'), 45 * 60);
    assert.equal(parseTimeSpent('1.5h'), 5400);
    for (const bad of ['', 'soon', '3x', '1h 1h', '-1h', 'h'])
      assert.equal(parseTimeSpent(bad), undefined, bad);
  });

  it('writes whole minutes as weeks, days, hours and minutes', () => {
    assert.equal(formatTimeSpent(3600), '1h');
    assert.equal(formatTimeSpent(5400), '1h 30m');
    assert.equal(formatTimeSpent(8 * 3600), '1d');
    assert.equal(formatTimeSpent(30), '0m');
  });

  it('reads back what it writes, to the minute', () => {
    fc.assert(
      fc.property(fc.integer({ min: 60, max: maxTimeSpentSeconds }), (seconds) => {
        const minutes = Math.floor(seconds / 60) * 60;
        assert.equal(parseTimeSpent(formatTimeSpent(seconds)), minutes);
      }),
    );
  });
});
