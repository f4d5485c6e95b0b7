/**
 * The `view` representation of a stored body, made when it is read: each mention becomes a link with the
 * name the reader may see (given by the caller, from the one decision); a small set of HTML elements is
 * kept without their attributes (links keep an http(s) `href`); every other element (the wiki's macros,
 * resource identifiers, anything unknown) gives only its text; all text is escaped. Pure: no I/O.
 */

import type { StorageNode } from './storage-format.parser.ts';
import { mentionOf } from './storage-format.ts';

/** How a mentioned person is shown to the reader. */
export interface MentionView {
  readonly name: string;
  readonly url: string;
}

const keptElements = new Set([
  'p',
  'br',
  'hr',
  'strong',
  'b',
  'em',
  'i',
  'u',
  's',
  'del',
  'sub',
  'sup',
  'code',
  'pre',
  'blockquote',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'li',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'span',
  'div',
  'a',
]);
const voidElements = new Set(['br', 'hr']);

const escapeHtml = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/** The `href` of a link when it is a plain web address, else nothing. */
function safeHref(node: Extract<StorageNode, { kind: 'element' }>): string {
  const href = node.attributes.get('href');
  if (href === undefined || !/^https?:\/\//i.test(href)) return '';
  return ` href="${escapeHtml(href)}"`;
}

function renderMention(accountId: string, mentionView: (accountId: string) => MentionView): string {
  const { name, url } = mentionView(accountId);
  return (
    `<a href="${escapeHtml(url)}" class="confluence-userlink user-mention" ` +
    `data-account-id="${escapeHtml(accountId)}">${escapeHtml(name)}</a>`
  );
}

/** The HTML of stored nodes for one reader. */
export function renderStorageView(
  nodes: readonly StorageNode[],
  mentionView: (accountId: string) => MentionView,
): string {
  return nodes
    .map((node) => {
      if (node.kind === 'text') return escapeHtml(node.text);
      const ref = mentionOf(node);
      if (ref) return renderMention(ref.value, mentionView);
      const inner = renderStorageView(node.children, mentionView);
      if (!keptElements.has(node.name)) return inner;
      if (voidElements.has(node.name)) return `<${node.name} />`;
      const href = node.name === 'a' ? safeHref(node) : '';
      return `<${node.name}${href}>${inner}</${node.name}>`;
    })
    .join('');
}
