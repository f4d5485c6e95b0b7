import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseInstant } from '../clock/instant.ts';
import { isVeilError } from '../errors/veil-error.ts';
import { parseScenario } from './scenario.loader.ts';
import { findScenarioProblems } from './scenario.validate.ts';

const site = { id: 'acme', baseUrl: 'http://127.0.0.1:8080', default: true };
const person = {
  accountId: '5f0c1a9e2b7d4c8e9a1b3c02',
  type: 'atlassian',
  email: 'mia@acme.test',
  fullName: 'Mia',
};

/** The problems of a scenario with one site and the given accounts and site changes. */
function problemsOf(accounts: object[], siteChanges: object = {}) {
  return findScenarioProblems({ sites: [{ ...site, ...siteChanges }], accounts });
}

describe('scenario input hygiene', () => {
  it('refuses U+0000 and unpaired surrogates anywhere, with the JSON path', () => {
    assert.deepEqual(problemsOf([{ ...person, location: 'Pra\u0000gue' }]), [
      { path: '$.accounts[0].location', message: 'must not contain U+0000 (NUL)' },
    ]);
    assert.deepEqual(problemsOf([{ ...person, jobTitle: 'Lead \udc00' }]), [
      { path: '$.accounts[0].jobTitle', message: 'must not contain an unpaired surrogate' },
    ]);
    const nulKey = 'ac\u0000me';
    const inKey = problemsOf([{ ...person, sites: { [nulKey]: {} } }]);
    assert.ok(
      inKey.some((p) => p.path === '$.accounts[0].sites' && /U\+0000/.test(p.message)),
      JSON.stringify(inKey),
    );
  });

  it('refuses a NUL in the file text before anything is loaded, naming where', () => {
    const text = JSON.stringify({ sites: [site], accounts: [{ ...person, fullName: 'Mia\u0000' }] });
    assert.ok(text.includes('\\u0000'), 'the file carries the escape, as a hostile file would');
    assert.throws(
      () => parseScenario(text),
      (error) =>
        isVeilError(error, 'scenario.invalid') &&
        error.details.some((d) => d.path === '$.accounts[0].fullName' && /U\+0000/.test(d.message)),
    );
  });
});

describe('scenario input hygiene: names and days', () => {
  it('refuses control characters and bidirectional overrides in names, as the API does', () => {
    const problems = problemsOf([{ ...person, fullName: 'Mia \u202Eevil' }], { groups: ['jira\u0007users'] });
    assert.deepEqual(
      problems.map((p) => p.path).sort(),
      ['$.accounts[0].fullName', '$.sites[0].groups[0]'],
      JSON.stringify(problems),
    );
    assert.ok(
      problems.every((p) => p.message === 'must not contain control characters or bidirectional overrides'),
    );
  });

  it('refuses a day the calendar lacks, with the JSON path (the API refuses it too)', () => {
    const problems = problemsOf([person], {
      migration: { stage: 'legacy', deprecationEnds: '2027-02-30T00:00:00Z' },
    });
    assert.deepEqual(problems, [
      {
        path: '$.sites[0].migration.deprecationEnds',
        message: 'is not an ISO 8601 instant with an offset, such as 2027-01-01T00:00:00Z',
      },
    ]);
    assert.deepEqual(
      problemsOf([person], { migration: { stage: 'legacy', deprecationEnds: '2028-02-29T00:00:00Z' } }),
      [],
    );
  });
});

describe('parseInstant', () => {
  it('reads every real instant as Date does, and nothing Date would roll over', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('0001-01-01T00:00:00Z'),
          max: new Date('9999-12-31T23:59:59Z'),
          noInvalidDate: true,
        }),
        (date) => {
          assert.equal(parseInstant(date.toISOString())?.getTime(), date.getTime());
        },
      ),
    );
    for (const text of [
      '2027-02-29T00:00:00Z',
      '2027-04-31T00:00:00Z',
      '2027-01-01T24:00:00Z',
      '10000-01-01T00:00:00Z',
      '9999-12-31T23:00:00-05:00',
    ])
      assert.equal(parseInstant(text), undefined, text);
  });

  it('takes the spellings RFC 3339 allows: a space or a lower-case t, a lower-case z', () => {
    const instant = Date.parse('2027-03-01T10:00:00Z');
    for (const text of ['2027-03-01 10:00:00Z', '2027-03-01t10:00:00z', '2027-03-01T12:00:00+02:00'])
      assert.equal(parseInstant(text)?.getTime(), instant, text);
  });
});
