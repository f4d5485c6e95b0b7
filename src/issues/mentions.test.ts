import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { type AdfNode, mentionedAccountIds, readRichText, renderHtml, renderRichText } from './mentions.ts';

const accountId = fc.stringMatching(/^[A-Za-z0-9:-]{1,40}$/);
const plainText = fc.string({ maxLength: 20 }).filter((t) => !t.includes('[~') && !/[\r\n]/.test(t));
const name = fc.string({ minLength: 1, maxLength: 20 });
const inline = fc.oneof(
  plainText.filter((t) => t.length > 0).map((text): AdfNode => ({ type: 'text', text })),
  fc.tuple(accountId, name).map(([id, text]): AdfNode => ({ type: 'mention', attrs: { id, text } })),
);
const doc = fc.array(fc.array(inline, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 4 }).map(
  (paragraphs): AdfNode => ({
    type: 'doc',
    version: 1,
    content: paragraphs.map((content) => ({ type: 'paragraph', content })),
  }),
);

function mentionsOf(node: AdfNode): AdfNode[] {
  return [...(node.type === 'mention' ? [node] : []), ...(node.content ?? []).flatMap(mentionsOf)];
}

describe('mentions', () => {
  it('stores no name a document carried, and names every mention when read, as the reader sees it', () => {
    fc.assert(
      fc.property(doc, (input) => {
        const stored = readRichText(input, '3', 'description');
        const given = mentionsOf(input).map((m) => String(m.attrs?.text));
        const storedMentions = mentionsOf(JSON.parse(stored.text) as AdfNode);
        assert.ok(
          storedMentions.every((m) => m.attrs?.text === undefined),
          'names are never stored',
        );
        assert.equal(storedMentions.length, given.length);
        const nameOf = (id: string) => `reader-sees-${id}`;
        for (const mention of mentionsOf(renderRichText(stored, '3', nameOf) as AdfNode))
          assert.equal(mention.attrs?.text, `@reader-sees-${String(mention.attrs?.id)}`);
        const html = renderHtml(stored, nameOf, (id) => `/user?accountId=${id}`);
        for (const id of mentionedAccountIds(stored)) assert.ok(html.includes(`rel="${id}"`));
      }),
    );
  });
});

describe('rich text in both formats', () => {
  it('keeps the same people mentioned between wiki markup and ADF, whichever way it is read', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            plainText,
            accountId.map((id) => `[~accountid:${id}]`),
          ),
          { maxLength: 8 },
        ),
        (parts) => {
          const stored = readRichText(parts.join(' '), '2', 'description');
          const asAdf = readRichText(
            renderRichText(stored, '3', () => 'x'),
            '3',
            'description',
          );
          assert.deepEqual(mentionedAccountIds(asAdf), mentionedAccountIds(stored));
        },
      ),
    );
  });

  it('refuses malformed documents', () => {
    for (const bad of [null, 'text', [], { type: 'doc' }, { type: 'doc', version: 1, content: [{}] }]) {
      assert.throws(() => readRichText(bad, '3', 'description'), /ADF/);
    }
  });
});
