import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { maxJqlCharacters, maxJqlClauses } from './jql.limits.ts';
import { parseJql, parseJqlWithSourceMap, parseOwnJql } from './jql.parser.ts';
import { rewriteJqlInPlace } from './jql.rewrite.ts';
import { convertUserReferences, listUserPositions } from './jql.users.ts';

const options = { userFields: new Set<string>() };

/** `assignee = u0 OR assignee = u1 …`: a query of `terms` user clauses. */
function userTerms(terms: number, separator = ' OR '): string {
  return Array.from({ length: terms }, (_, i) => `assignee = u${i}`).join(separator);
}

describe('the JQL size bounds', () => {
  it('refuses a query of 13,000 terms for its length, naming the bound', () => {
    const result = parseJql(userTerms(13_000, '|'));
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.deepEqual(result.error.limit, { name: 'characters', max: maxJqlCharacters });
    assert.match(result.error.message, /longer than 20000 characters.*maxJqlCharacters/);
  });

  it('reads a query of exactly the most clauses, and refuses one more', () => {
    const short = (terms: number) => Array.from({ length: terms }, (_, i) => `a=${i % 10}`).join('|');
    assert.ok(short(maxJqlClauses).length <= maxJqlCharacters);
    assert.equal(parseJql(short(maxJqlClauses)).ok, true);
    const over = parseJql(short(maxJqlClauses + 1));
    assert.equal(over.ok, false);
    if (over.ok) return;
    assert.deepEqual(over.error.limit, { name: 'clauses', max: maxJqlClauses });
    assert.match(over.error.message, /more than 1000 clauses.*maxJqlClauses/);
  });

  it('tells a syntax error from a size error', () => {
    const result = parseJql('assignee = ');
    assert.equal(result.ok, false);
    if (!result.ok) assert.equal(result.error.limit, undefined);
  });
});

describe('rewriting a large query in place', () => {
  it('replaces every reference of a query at the clause bound, in order', () => {
    const text = userTerms(maxJqlClauses, ' or ');
    const parsed = parseJqlWithSourceMap(text);
    assert.ok(parsed.ok);
    const resolve = (reference: string) => `id-${reference}`;
    const edits = listUserPositions(parsed.query, options).map(({ reference, position }) => ({
      position,
      replacement: resolve(reference),
    }));
    const rewritten = rewriteJqlInPlace(text, parsed.sourceMap, edits);
    assert.equal(rewritten, text.replaceAll(/= (u\d+)/g, '= id-$1'));
    const converted = convertUserReferences(parsed.query, resolve, options).query;
    // The converted text is longer than the bound on what clients send: Veil reads its own output back.
    assert.ok((rewritten ?? '').length > maxJqlCharacters);
    assert.deepEqual(parseOwnJql(rewritten ?? ''), { ok: true, query: converted });
  });

  it('lists each unknown user once, in the order first met, however often named', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 200 }), (ids) => {
        const text = ids.map((id) => `assignee = u${id}`).join(' or ');
        const parsed = parseJql(text);
        assert.ok(parsed.ok);
        const { unknownUsers } = convertUserReferences(parsed.query, () => null, options);
        assert.deepEqual(unknownUsers, [...new Set(ids.map((id) => `u${id}`))]);
      }),
    );
  });
});
