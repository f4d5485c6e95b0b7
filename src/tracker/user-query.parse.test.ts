import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { VeilError } from '../errors/veil-error.ts';
import { type IssueTarget, parseUserQuery, type UserQuery, userRelations } from './user-query.parse.ts';

const target: fc.Arbitrary<IssueTarget> = fc.oneof(
  fc.record({ kind: fc.constant('project' as const), projectKey: fc.stringMatching(/^[A-Z][A-Z0-9]{0,5}$/) }),
  fc.record({
    kind: fc.constant('issue' as const),
    projectKey: fc.stringMatching(/^[A-Z][A-Z0-9]{0,5}$/),
    issueNumber: fc.integer({ min: 1, max: 99999 }),
  }),
);

const clause = fc.record({
  kind: fc.constant('clause' as const),
  relation: fc.constantFrom(...userRelations),
  targets: fc.array(target, { minLength: 1, maxLength: 3 }),
});

/** A property clause: any key and path without the query's own symbols, any value (JSON-quoted). */
const property = fc.record({
  kind: fc.constant('property' as const),
  propertyKey: fc.stringMatching(/^[A-Za-z0-9_.:-]{1,12}$/),
  path: fc.array(fc.stringMatching(/^[A-Za-z0-9_-]{1,8}$/), { maxLength: 3 }),
  value: fc.string({ maxLength: 16 }),
});

const leaf = fc.oneof(clause, property);

/** Queries as the parser reads them: `and`/`or` with two or more parts, never nested in their own kind. */
const { query } = fc.letrec<{ query: UserQuery; and: UserQuery; or: UserQuery }>((tie) => ({
  query: fc.oneof({ depthSize: 'small' }, leaf, tie('and'), tie('or')),
  and: fc.record({
    kind: fc.constant('and' as const),
    parts: fc.array(fc.oneof(leaf, tie('or')), { minLength: 2, maxLength: 3 }),
  }),
  or: fc.record({
    kind: fc.constant('or' as const),
    parts: fc.array(fc.oneof(leaf, tie('and')), { minLength: 2, maxLength: 3 }),
  }),
}));

/** Words of the grammar in any order: mostly malformed queries, a few well-formed ones. */
const tokenSoup = fc
  .array(
    fc.constantFrom(
      'is',
      'of',
      'and',
      'or',
      '(',
      ')',
      ',',
      'assignee',
      'voter',
      'ACME',
      'ACME-1',
      '[x]',
      '"v"',
    ),
    {
      maxLength: 12,
    },
  )
  .map((tokens) => tokens.join(' '));

const clauseCount = (q: UserQuery): number =>
  q.kind === 'clause' || q.kind === 'property'
    ? 1
    : q.parts.reduce((sum, part) => sum + clauseCount(part), 0);

const keyOf = (t: IssueTarget) => (t.kind === 'project' ? t.projectKey : `${t.projectKey}-${t.issueNumber}`);

/** The query as a client would write it, parenthesised where needed. */
function written(q: UserQuery, casing: (word: string) => string): string {
  if (q.kind === 'clause') {
    const targets =
      q.targets.length === 1 ? keyOf(q.targets[0] as IssueTarget) : `(${q.targets.map(keyOf).join(', ')})`;
    return `${casing('is')} ${casing(q.relation)} ${casing('of')} ${targets}`;
  }
  if (q.kind === 'property') {
    const path = q.path.map((step) => `.${step}`).join('');
    return `[${q.propertyKey}]${path} ${casing('is')} ${JSON.stringify(q.value)}`;
  }
  return q.parts.map((part) => `(${written(part, casing)})`).join(` ${casing(q.kind)} `);
}

describe('structured user query parser', () => {
  it('reads back every query it can be written as, in any case', () => {
    fc.assert(
      fc.property(
        query.filter((q) => clauseCount(q) <= 50),
        fc.boolean(),
        (q, upper) => {
          const casing = (word: string) => (upper ? word.toUpperCase() : word);
          // fast-check builds records without a prototype: compare plain copies.
          assert.deepEqual(parseUserQuery(written(q, casing)), JSON.parse(JSON.stringify(q)));
        },
      ),
    );
  });

  it('reads the spec example of a property clause', () => {
    assert.deepEqual(parseUserQuery('is assignee of PROJ AND [location].office.city is "Sydney"'), {
      kind: 'and',
      parts: [
        { kind: 'clause', relation: 'assignee', targets: [{ kind: 'project', projectKey: 'PROJ' }] },
        { kind: 'property', propertyKey: 'location', path: ['office', 'city'], value: 'Sydney' },
      ],
    });
  });

  it('refuses more than 50 clauses', () => {
    const many = Array.from({ length: 51 }, () => 'is voter of ACME').join(' or ');
    assert.throws(() => parseUserQuery(many), /at most 50 clauses/);
  });

  it('answers anything else with a 400 (never another error)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 60 }), tokenSoup), (text) => {
        try {
          parseUserQuery(text);
        } catch (error) {
          assert.ok(error instanceof VeilError && error.code === 'request.invalid', String(error));
        }
      }),
    );
  });
});
