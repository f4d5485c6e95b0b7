import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseStorageFormat, StorageFormatProblem, type StorageNode } from './storage-format.parser.ts';
import { mentionedAccountIds, mentionsOf, serializeStorageFormat } from './storage-format.ts';
import { renderStorageView } from './storage-format.view.ts';

const accountId = fc.stringMatching(/^[A-Za-z0-9:-]{1,40}$/);
// Text with the characters that markup gives meaning to, and some beyond ASCII.
const text = fc.stringMatching(/^[A-Za-z0-9 <>&"'\][!?;:#/=\u00e9\u4e2d-]{0,30}$/);
const tag = fc.constantFrom('p', 'strong', 'script', 'ac:structured-macro', 'a', 'img', 'li');
const mention = (id: string): StorageNode => ({
  kind: 'element',
  name: 'ac:link',
  attributes: new Map(),
  children: [
    { kind: 'element', name: 'ri:user', attributes: new Map([['ri:account-id', id]]), children: [] },
  ],
});
const { tree } = fc.letrec<{ tree: StorageNode[]; node: StorageNode }>((t) => ({
  tree: fc.array(t('node'), { maxLength: 4 }),
  node: fc.oneof(
    { depthSize: 'small' },
    text.filter((s) => s !== '').map((s): StorageNode => ({ kind: 'text', text: s })),
    accountId.map(mention),
    fc
      .tuple(tag, fc.dictionary(fc.constantFrom('href', 'onclick', 'ri:x'), text, { maxKeys: 2 }), t('tree'))
      .map(
        ([name, attrs, children]): StorageNode => ({
          kind: 'element',
          name,
          attributes: new Map(Object.entries(attrs)),
          children: children as StorageNode[],
        }),
      ),
  ),
}));
const byAccountId = (ref: { value: string }) => ref.value;

describe('the storage format', () => {
  it('reads back whatever it writes, with the same mentions in the same order', () => {
    fc.assert(
      fc.property(tree, (nodes) => {
        const written = serializeStorageFormat(nodes, byAccountId);
        const again = parseStorageFormat(written);
        assert.equal(serializeStorageFormat(again, byAccountId), written);
        assert.deepEqual(mentionsOf(again), mentionsOf(nodes));
      }),
    );
  });

  it('renders a view with only the kept elements, no attribute but a web href, and every name escaped', () => {
    fc.assert(
      fc.property(tree, text, (nodes, name) => {
        const html = renderStorageView(nodes, () => ({ name, url: 'https://x.test/p' }));
        assert.doesNotMatch(html, /<(script|img|ac:|ri:)/);
        assert.doesNotMatch(html, /onclick|ri:account-id/);
        for (const found of html.matchAll(/<a ([^>]*)>/g))
          assert.match(
            found[1] ?? '',
            /^(href="https?:\/\/[^"]*"( class="confluence-userlink user-mention" data-account-id="[^"]*")?)?$/,
          );
      }),
    );
  });
});

describe('the storage format reader', () => {
  it('refuses what is not well-formed, saying where', () => {
    for (const bad of [
      '<p>',
      '<p></b>',
      '<p a=1/>',
      '<p a="1" a="2"/>',
      'a & b',
      '&nope;',
      '<!DOCTYPE x>',
      '<?xml version="1.0"?>',
      '<![CDATA[x',
      '<!-- x',
      '<a:b:c/>',
      '&#0;',
    ]) {
      assert.throws(() => parseStorageFormat(bad), StorageFormatProblem, bad);
    }
  });

  it('keeps mentions by accountId only, whatever link text they carried', () => {
    const body =
      '<p><ac:link><ri:user ri:account-id="abc" /><ac:plain-text-link-body><![CDATA[Secret Name]]></ac:plain-text-link-body></ac:link></p>';
    const stored = serializeStorageFormat(parseStorageFormat(body), byAccountId);
    assert.equal(stored, '<p><ac:link><ri:user ri:account-id="abc" /></ac:link></p>');
    assert.deepEqual(mentionedAccountIds(stored), ['abc']);
  });
});
