/**
 * Rich text of issues and comments: v2 wiki markup (`[~accountid:…]` mentions) and v3 Atlassian Document
 * Format (`mention` nodes). Stored as given, mentions by accountId only: a mention node's `text` is
 * dropped when stored and written back at read time with the name the reader may see. Pure.
 */
import type { TextFormat } from '../db/tables/issues.table.ts';
import { VeilError } from '../errors/veil-error.ts';

export interface AdfNode {
  type: string;
  text?: string;
  attrs?: Record<string, unknown>;
  content?: AdfNode[];
  marks?: unknown[];
  [key: string]: unknown;
}

/** Rich text as stored: wiki markup, or an ADF document as JSON text. */
export interface StoredText {
  readonly format: TextFormat;
  readonly text: string;
}

/** The name of a mentioned person as the reader may see it (`Former user` once they are erased). */
export type NameOf = (accountId: string) => string;

const wikiMention = /\[~accountid:([A-Za-z0-9:-]{1,128})\]/g;
const maxDepth = 40;

function malformed(path: string, message: string): VeilError {
  return new VeilError('request.invalid', `The ADF document is not valid: ${path} ${message}`, [
    { path, message },
  ]);
}

/** Checks an ADF node and its children; throws a 400 naming the first problem. */
function checkAdfNode(node: unknown, path: string, depth: number): void {
  if (depth > maxDepth) throw malformed(path, 'is nested too deeply');
  if (!node || typeof node !== 'object' || Array.isArray(node)) throw malformed(path, 'is not a node');
  const { type, text, content, attrs } = node as AdfNode;
  if (typeof type !== 'string' || type.length === 0) throw malformed(path, 'has no type');
  if (type === 'text' && typeof text !== 'string') throw malformed(path, 'is a text node without text');
  if (type === 'mention' && typeof attrs?.id !== 'string')
    throw malformed(path, 'is a mention without attrs.id');
  if (content === undefined) return;
  if (!Array.isArray(content)) throw malformed(`${path}.content`, 'is not an array');
  for (const [i, child] of content.entries()) checkAdfNode(child, `${path}.content[${i}]`, depth + 1);
}

/** The ADF document given, checked (`{"type":"doc","version":1,"content":[…]}`), or a 400. */
export function parseAdf(value: unknown, field: string): AdfNode {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw malformed(field, 'must be an ADF document (an object with type "doc")');
  const doc = value as AdfNode;
  if (doc.type !== 'doc') throw malformed(field, 'must have type "doc"');
  if (doc.version !== 1) throw malformed(field, 'must have version 1');
  if (!Array.isArray(doc.content)) throw malformed(field, 'must have a content array');
  checkAdfNode(doc, field, 0);
  return doc;
}

/** A copy of the node with each mention's `text` left out: names are never stored. */
function withoutMentionNames(node: AdfNode): AdfNode {
  const copy: AdfNode = { ...node };
  if (node.type === 'mention' && node.attrs) {
    const { text: _name, ...attrs } = node.attrs;
    copy.attrs = attrs;
  }
  if (node.content) copy.content = node.content.map(withoutMentionNames);
  return copy;
}

/** Rich text from a request: a string in v2, an ADF document in v3 (checked, mention names dropped). */
export function readRichText(value: unknown, version: '2' | '3', field: string): StoredText {
  if (version === '2') {
    if (typeof value !== 'string') throw malformed(field, 'must be a string in API version 2');
    return { format: 'wiki', text: value };
  }
  return { format: 'adf', text: JSON.stringify(withoutMentionNames(parseAdf(value, field))) };
}

function adfMentions(node: AdfNode, into: Set<string>): void {
  if (node.type === 'mention' && typeof node.attrs?.id === 'string') into.add(node.attrs.id);
  for (const child of node.content ?? []) adfMentions(child, into);
}

/** The accountIds a stored text mentions. */
export function mentionedAccountIds(stored: StoredText): string[] {
  const ids = new Set<string>();
  if (stored.format === 'wiki') for (const m of stored.text.matchAll(wikiMention)) ids.add(m[1] as string);
  else adfMentions(JSON.parse(stored.text) as AdfNode, ids);
  return [...ids];
}

function withMentionNames(node: AdfNode, nameOf: NameOf): AdfNode {
  const copy: AdfNode = { ...node };
  if (node.type === 'mention' && typeof node.attrs?.id === 'string')
    copy.attrs = { ...node.attrs, text: `@${nameOf(node.attrs.id)}` };
  if (node.content) copy.content = node.content.map((child) => withMentionNames(child, nameOf));
  return copy;
}

/** One line of wiki text as ADF inline nodes: text, and a mention node per `[~accountid:…]`. */
function wikiLineToInline(line: string, nameOf: NameOf): AdfNode[] {
  const nodes: AdfNode[] = [];
  let last = 0;
  for (const match of line.matchAll(wikiMention)) {
    const at = match.index ?? 0;
    if (at > last) nodes.push({ type: 'text', text: line.slice(last, at) });
    const id = match[1] as string;
    nodes.push({ type: 'mention', attrs: { id, text: `@${nameOf(id)}` } });
    last = at + match[0].length;
  }
  if (last < line.length) nodes.push({ type: 'text', text: line.slice(last) });
  return nodes;
}

/** Wiki text as an ADF document: a paragraph per line. */
function wikiToAdf(text: string, nameOf: NameOf): AdfNode {
  const content = text
    .split(/\r?\n/)
    .filter((line) => line.length > 0)
    .map((line) => ({ type: 'paragraph', content: wikiLineToInline(line, nameOf) }));
  return { type: 'doc', version: 1, content };
}

function adfToWikiParts(node: AdfNode, into: string[]): void {
  if (node.type === 'text') into.push(node.text ?? '');
  else if (node.type === 'mention') into.push(`[~accountid:${String(node.attrs?.id)}]`);
  else if (node.type === 'hardBreak') into.push('\n');
  for (const child of node.content ?? []) adfToWikiParts(child, into);
  if (['paragraph', 'heading', 'listItem', 'codeBlock', 'blockquote'].includes(node.type)) into.push('\n');
}

/** Stored text in the representation of an API version, mention names as the reader may see them. */
export function renderRichText(stored: StoredText, version: '2' | '3', nameOf: NameOf): unknown {
  if (version === '3') {
    if (stored.format === 'wiki') return wikiToAdf(stored.text, nameOf);
    return withMentionNames(JSON.parse(stored.text) as AdfNode, nameOf);
  }
  if (stored.format === 'wiki') return stored.text;
  const parts: string[] = [];
  adfToWikiParts(JSON.parse(stored.text) as AdfNode, parts);
  return parts.join('').replace(/\n+$/, '');
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Stored text as the HTML of `renderedFields`: mentions are links that carry the name the reader may see. */
export function renderHtml(stored: StoredText, nameOf: NameOf, userUrl: (id: string) => string): string {
  const wiki = stored.format === 'wiki' ? stored.text : (renderRichText(stored, '2', nameOf) as string);
  return wiki
    .split(/\r?\n/)
    .filter((line) => line.length > 0)
    .map((line) => {
      const html = wikiLineToInline(line, nameOf).map((node) =>
        node.type === 'mention'
          ? `<a href="${escapeHtml(userUrl(String(node.attrs?.id)))}" class="user-hover" rel="${escapeHtml(String(node.attrs?.id))}">${escapeHtml(String(node.attrs?.text))}</a>`
          : escapeHtml(node.text ?? ''),
      );
      return `<p>${html.join('')}</p>`;
    })
    .join('');
}
