import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { identityModeFor, migrationStageAt, migrationStages, parseInstant } from './migration-stage.ts';

const at = (iso: string) => new Date(iso);
const site = (stage: 'legacy' | 'enforced', deprecationEnds: string | null) => ({
  migration: { stage, deprecationEnds: deprecationEnds === null ? null : at(deprecationEnds) },
});

describe('migrationStageAt', () => {
  it('keeps a legacy site legacy until its deprecation end, and enforced from that instant on', () => {
    const legacy = site('legacy', '2027-01-01T00:00:00Z');
    assert.equal(migrationStageAt(legacy, at('2026-12-31T23:59:59.999Z')), 'legacy');
    assert.equal(migrationStageAt(legacy, at('2027-01-01T00:00:00Z')), 'enforced');
    assert.equal(migrationStageAt(site('legacy', null), at('2999-01-01T00:00:00Z')), 'legacy');
  });

  it('never turns an enforced site back, and never goes back to legacy as time passes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...migrationStages),
        fc.option(fc.date({ noInvalidDate: true }), { nil: null }),
        fc.date({ noInvalidDate: true }),
        fc.date({ noInvalidDate: true }),
        (stage, ends, first, second) => {
          const s = { migration: { stage, deprecationEnds: ends } };
          const [early, late] = first <= second ? [first, second] : [second, first];
          if (stage === 'enforced') assert.equal(migrationStageAt(s, early), 'enforced');
          if (migrationStageAt(s, early) === 'enforced') assert.equal(migrationStageAt(s, late), 'enforced');
        },
      ),
    );
  });
});

describe('identityModeFor', () => {
  it('lets a call opt in only while the site is legacy', () => {
    assert.equal(identityModeFor('legacy', false), 'legacy');
    assert.equal(identityModeFor('legacy', true), 'opt-in');
    assert.equal(identityModeFor('enforced', false), 'enforced');
    assert.equal(identityModeFor('enforced', true), 'enforced');
  });
});

describe('parseInstant', () => {
  it('reads ISO instants with an offset only', () => {
    assert.equal(parseInstant('2027-01-01T00:00:00Z')?.toISOString(), '2027-01-01T00:00:00.000Z');
    assert.equal(parseInstant('2027-01-01T02:00+02:00')?.toISOString(), '2027-01-01T00:00:00.000Z');
    assert.equal(parseInstant('2027-01-01'), undefined);
    assert.equal(parseInstant('2027-13-01T00:00:00Z'), undefined);
    assert.equal(parseInstant('soon'), undefined);
  });
});
