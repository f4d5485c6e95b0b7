import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { searchTermsOf } from '../directory/search-terms.ts';
import { escapeHtml, highlightUserHtml } from './user-search.highlight.ts';
import { normalizeQuery, readCriterion, termsMatchQuery } from './user-search.ts';

/** Text built to trip escaping: markup characters, entities and word separators. */
const nasty = fc.string({
  unit: fc.constantFrom(...'aAbBmM <>&"\';.-()/ strong#1'.split('')),
  maxLength: 24,
});

/** The text of an `html`: the highlight tags taken out, the entities read back. */
function textOf(html: string): string {
  return html
    .replaceAll('<strong>', '')
    .replaceAll('</strong>', '')
    .replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) =>
      name === 'amp' ? '&' : name === 'lt' ? '<' : name === 'gt' ? '>' : name === 'quot' ? '"' : "'",
    );
}

describe('picker html', () => {
  it('is the display name (and the email only when given), escaped, whatever the query', () => {
    fc.assert(
      fc.property(nasty, fc.option(nasty, { nil: undefined }), nasty, (name, email, query) => {
        const html = highlightUserHtml(name, email, normalizeQuery(query));
        assert.equal(textOf(html), email === undefined ? name : `${name} - ${email}`);
        const markup = html.replaceAll('<strong>', '').replaceAll('</strong>', '');
        assert.doesNotMatch(markup, /[<>"']/);
        assert.doesNotMatch(markup, /&(?!(amp|lt|gt|quot|#39);)/);
      }),
    );
  });

  it('highlights the query where a word of the name starts with it', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{1,8}( [a-z]{1,8}){0,2}$/), fc.nat(), (name, pick) => {
        const words = name.split(' ');
        const word = words[pick % words.length]!;
        const query = word.slice(0, 1 + (pick % word.length));
        assert.match(highlightUserHtml(name, undefined, query), new RegExp(`<strong>${query}</strong>`));
      }),
    );
    assert.equal(
      highlightUserHtml('Mia Krystof', 'mia@x.test', 'mi'),
      '<strong>Mi</strong>a Krystof - <strong>mi</strong>a@x.test',
    );
    assert.equal(
      highlightUserHtml('Kim "The <Boss>"', undefined, 'the'),
      'Kim &quot;<strong>The</strong> &lt;Boss&gt;&quot;',
    );
  });

  it('escapes every markup character', () => {
    assert.equal(escapeHtml(`<a href="x">&'`), '&lt;a href=&quot;x&quot;&gt;&amp;&#39;');
  });
});

describe('matching', () => {
  it('matches a prefix of any word of the names, and of the email, and nothing else', () => {
    const terms = searchTermsOf({ fullName: 'Mia Krystof', publicName: 'Mia', email: null });
    for (const query of ['m', 'mia', 'kry', 'mia k', 'mia krystof'])
      assert.ok(termsMatchQuery(terms, query), query);
    for (const query of ['ia', 'mia@', 'krystof mia', 'x']) assert.ok(!termsMatchQuery(terms, query), query);
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{1,10}$/), fc.emailAddress(), (word, email) => {
        const withEmail = searchTermsOf({ fullName: `Ann ${word}`, publicName: 'Ann', email });
        const without = searchTermsOf({ fullName: `Ann ${word}`, publicName: 'Ann', email: null });
        assert.ok(termsMatchQuery(withEmail, normalizeQuery(email)));
        assert.equal(
          termsMatchQuery(without, normalizeQuery(email)),
          `ann ${word}`.startsWith(email.toLowerCase()),
        );
      }),
    );
  });

  it('reads query xor accountId', () => {
    assert.deepEqual(readCriterion({ query: '  Mia ' }, true), { kind: 'prefix', query: 'mia' });
    assert.deepEqual(readCriterion({ accountId: 'abc' }, true), { kind: 'account', accountId: 'abc' });
    assert.deepEqual(readCriterion({ query: ' ' }, false), { kind: 'everyone' });
    assert.throws(() => readCriterion({ query: 'a', accountId: 'b' }, false), /not both/);
    assert.throws(() => readCriterion({}, true), /required/);
    assert.deepEqual(readCriterion({ query: '' }, true), { kind: 'everyone' }, 'query= lists people');
  });
});
