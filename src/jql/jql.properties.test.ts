import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createJqlQueryArbitrary, testUserFields, userReferencePool } from './jql.arbitraries.ts';
import { parseJql, parseJqlWithSourceMap } from './jql.parser.ts';
import { printJql } from './jql.printer.ts';
import { rewriteJqlInPlace } from './jql.rewrite.ts';
import {
  convertUserReferences,
  listUserPositions,
  queryHasUserReferences,
  unknownAccountId,
} from './jql.users.ts';

const options = { userFields: testUserFields };
const anyQuery = createJqlQueryArbitrary({ userReferences: true });
const userFreeQuery = createJqlQueryArbitrary({ userReferences: false });

// Half the pool resolves; accountIds resolve to themselves, which makes the resolver idempotent.
const accountIds: ReadonlyMap<string, string> = new Map(
  userReferencePool.filter((_, index) => index % 2 === 0).map((name, index) => [name, `acc-${index}`]),
);
const knownAccountIds = new Set(accountIds.values());

function resolveIdempotently(reference: string): string | null {
  return accountIds.get(reference) ?? (knownAccountIds.has(reference) ? reference : null);
}

function collectStrings(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const item of value) collectStrings(item, into);
  else if (typeof value === 'object' && value !== null)
    for (const item of Object.values(value)) collectStrings(item, into);
  return into;
}

// Fragments that reach deep into the grammar when glued together at random.
const jqlFragment = fc.constantFrom(
  'a',
  'assignee',
  '"x y"',
  "'q'",
  '42',
  '-1',
  '=',
  '!=',
  '~',
  '<=',
  'in',
  'not',
  'is',
  'was',
  'changed',
  'by',
  'after',
  'from',
  'to',
  'AND',
  'or',
  '&&',
  '||',
  '!',
  '(',
  ')',
  ',',
  '[',
  ']',
  'cf',
  'EMPTY',
  'null',
  'order',
  'desc',
  'f(',
  'user',
  '*',
  '\\',
  '\\u0041',
  '.p',
);
const jqlLikeText = fc
  .array(jqlFragment, { maxLength: 14 })
  .chain((parts) => fc.constantFrom(' ', '').map((separator) => parts.join(separator)));

describe('JQL properties: parsing', () => {
  it('parses a printed tree back to the same tree', () => {
    fc.assert(
      fc.property(anyQuery, (query) => {
        const text = printJql(query);
        assert.deepStrictEqual(parseJql(text), { ok: true, query }, text);
      }),
    );
  });

  it('never throws on arbitrary text, and whatever parses prints and parses back the same', () => {
    fc.assert(
      fc.property(fc.oneof(jqlLikeText, fc.string({ maxLength: 30 })), (text) => {
        const result = parseJql(text);
        if (!result.ok) {
          assert.ok(result.error.position >= 0 && result.error.position <= text.length, result.error.message);
          return;
        }
        assert.deepStrictEqual(parseJql(printJql(result.query)), result);
      }),
      { numRuns: 500 },
    );
  });
});

describe('JQL properties: converting users', () => {
  it('converting twice gives the same tree as converting once', () => {
    fc.assert(
      fc.property(anyQuery, (query) => {
        const once = convertUserReferences(query, resolveIdempotently, options);
        const twice = convertUserReferences(once.query, resolveIdempotently, options);
        assert.deepStrictEqual(twice.query, once.query);
        assert.deepStrictEqual(twice.unknownUsers, []);
      }),
    );
  });

  it('leaves a query without user references unchanged', () => {
    fc.assert(
      fc.property(userFreeQuery, (query) => {
        assert.equal(queryHasUserReferences(query, options), false);
        const conversion = convertUserReferences(query, () => 'someone-else', options);
        assert.deepStrictEqual(conversion, { query, unknownUsers: [] });
      }),
    );
  });

  it('changes nothing but users: an identity resolver leaves every query as it was', () => {
    fc.assert(
      fc.property(anyQuery, (query) => {
        assert.deepStrictEqual(convertUserReferences(query, (reference) => reference, options).query, query);
      }),
    );
  });
});

describe('JQL properties: the converted text', () => {
  it('converts every user position, and the result still prints and parses', () => {
    fc.assert(
      fc.property(anyQuery, (query) => {
        const { query: converted, unknownUsers } = convertUserReferences(query, resolveIdempotently, options);
        const leftOver = collectStrings(converted).filter((text) => userReferencePool.includes(text));
        assert.deepStrictEqual(leftOver, []);
        const mentioned = new Set(collectStrings(query).filter((text) => userReferencePool.includes(text)));
        const unresolvable = [...mentioned].filter((name) => !accountIds.has(name));
        assert.deepStrictEqual([...unknownUsers].sort(), unresolvable.sort());
        assert.deepStrictEqual(parseJql(printJql(converted)), { ok: true, query: converted });
      }),
    );
  });

  it('rewriting user references in place gives the text of the converted tree', () => {
    fc.assert(
      fc.property(anyQuery, fc.constantFrom(' ', '  ', '\n'), (query, gap) => {
        // Respaced text, so the rewrite has to find its places in something else than the printer's output.
        const text = printJql(query).replaceAll(' AND ', `${gap}AND${gap}`);
        const parsed = parseJqlWithSourceMap(text);
        assert.ok(parsed.ok, text);
        const replacementOf = (reference: string) =>
          reference === unknownAccountId ? reference : (resolveIdempotently(reference) ?? unknownAccountId);
        const edits = listUserPositions(parsed.query, options).flatMap(({ reference, position }) =>
          replacementOf(reference) === reference ? [] : [{ position, replacement: replacementOf(reference) }],
        );
        const rewritten = rewriteJqlInPlace(text, parsed.sourceMap, edits);
        assert.ok(rewritten !== null);
        const expected = convertUserReferences(parsed.query, resolveIdempotently, options).query;
        assert.deepStrictEqual(parseJql(rewritten), { ok: true, query: expected }, rewritten);
      }),
    );
  });
});
