import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { addDuration, formatSeconds, nominalMilliseconds, parseDuration } from './duration.ts';

const at = (iso: string) => new Date(iso);

function parsed(text: string) {
  const result = parseDuration(text);
  assert.ok(result.ok, `${text} parses`);
  return result.duration;
}

describe('ISO-8601 durations', () => {
  it('reads days, weeks, times and calendar units', () => {
    assert.equal(nominalMilliseconds(parsed('P14D')), 14 * 86_400_000);
    assert.equal(nominalMilliseconds(parsed('P2W')), 14 * 86_400_000);
    assert.equal(nominalMilliseconds(parsed('PT12H30M')), 12.5 * 3_600_000);
    assert.equal(nominalMilliseconds(parsed('PT0.5S')), 500);
    assert.equal(nominalMilliseconds(parsed('pt1m')), 60_000, 'lower case is read as upper case');
    assert.equal(nominalMilliseconds(parsed('PT0S')), 0);
    assert.deepEqual(parsed('P1Y2M3DT4H5M6S'), {
      years: 1,
      months: 2,
      weeks: 0,
      days: 3,
      hours: 4,
      minutes: 5,
      seconds: 6,
    });
  });

  it('refuses what is not a duration, and says when it is negative or too long', () => {
    for (const text of ['', 'P', 'PT', 'P1DT', '14D', 'P1H', 'PT1D', 'P1.5D', 'P-1D', 'hello', 'P1D2H']) {
      const result = parseDuration(text);
      assert.equal(result.ok, false, text);
      assert.equal(!result.ok && result.reason, 'malformed', text);
    }
    const negative = parseDuration('-P14D');
    assert.equal(!negative.ok && negative.reason, 'negative');
    const long = parseDuration('P200Y');
    assert.equal(!long.ok && long.reason, 'too-long');
  });
});

describe('ISO-8601 durations: calendar months and writing', () => {
  it('adds calendar months to the same day, or the last day of a shorter month', () => {
    assert.equal(
      addDuration(at('2026-01-31T10:00:00Z'), parsed('P1M')).toISOString(),
      '2026-02-28T10:00:00.000Z',
    );
    assert.equal(
      addDuration(at('2028-01-31T10:00:00Z'), parsed('P1M')).toISOString(),
      '2028-02-29T10:00:00.000Z',
    );
    assert.equal(
      addDuration(at('2026-11-22T12:00:00Z'), parsed('P1Y')).toISOString(),
      '2027-11-22T12:00:00.000Z',
    );
    assert.equal(
      addDuration(at('2026-11-22T12:00:00Z'), parsed('P14D')).toISOString(),
      '2026-12-06T12:00:00.000Z',
    );
  });

  it('writes whole seconds the shortest way, and reads back what it writes', () => {
    assert.equal(formatSeconds(0), 'PT0S');
    assert.equal(formatSeconds(14 * 86_400), 'P14D');
    assert.equal(formatSeconds(90 * 60), 'PT1H30M');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 * 365 * 86_400 }), (seconds) => {
        assert.equal(nominalMilliseconds(parsed(formatSeconds(seconds))), seconds * 1000);
      }),
    );
  });
});

describe('ISO-8601 durations: properties', () => {
  it('never moves a date backwards, and adding more never lands earlier', () => {
    const duration = fc.record({
      years: fc.nat(5),
      months: fc.nat(30),
      weeks: fc.nat(10),
      days: fc.nat(400),
      hours: fc.nat(100),
      minutes: fc.nat(100),
      seconds: fc.nat(100),
    });
    const date = fc.date({
      min: at('2000-01-01T00:00:00Z'),
      max: at('2100-01-01T00:00:00Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(date, duration, fc.nat(40), (from, d, extraDays) => {
        const once = addDuration(from, d);
        assert.ok(once >= from);
        assert.ok(addDuration(from, { ...d, days: d.days + extraDays }) >= once);
      }),
    );
  });
});
