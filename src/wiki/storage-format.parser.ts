/**
 * A strict reader of the wiki's storage format: an XML fragment (several top-level nodes, prefixes such
 * as `ac:` and `ri:` without declarations), with the five XML entities, numeric references and the
 * named entities of HTML, CDATA sections and comments. Anything else (unbalanced or misnested tags,
 * unquoted or repeated attributes, a stray `<` or `&`, a doctype or processing instruction) is a
 * problem with its offset. Pure: no I/O.
 */

export type StorageNode =
  | {
      readonly kind: 'element';
      readonly name: string;
      readonly attributes: ReadonlyMap<string, string>;
      readonly children: StorageNode[];
    }
  | { readonly kind: 'text'; readonly text: string };

export class StorageFormatProblem extends Error {}

const namePattern = /^[A-Za-z_][A-Za-z0-9_.-]*(?::[A-Za-z_][A-Za-z0-9_.-]*)?/;
const xmlEntities: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
/** HTML's named entities that storage bodies commonly hold (kept as their characters). */
const htmlEntities: Readonly<Record<string, string>> = {
  nbsp: '\u00a0',
  ndash: '\u2013',
  mdash: '\u2014',
  hellip: '\u2026',
  copy: '\u00a9',
  rsquo: '\u2019',
  lsquo: '\u2018',
  rdquo: '\u201d',
  ldquo: '\u201c',
};
/** The deepest nesting read (deeper bodies are refused, so no reader recurses without bound). */
const maxDepth = 100;

function fail(offset: number, what: string): never {
  throw new StorageFormatProblem(`The storage format is not well-formed XML at offset ${offset}: ${what}`);
}

/** Replaces the entity and character references of `raw` (text or an attribute value). */
function decodeReferences(raw: string, offset: number): string {
  return raw.replace(/&([^;&\s]*);?/g, (match, name: string) => {
    if (!match.endsWith(';')) fail(offset, 'an "&" that starts no reference');
    const numeric = /^#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}))$/.exec(name);
    if (numeric) {
      const code = Number.parseInt(numeric[1] ?? numeric[2] ?? '', numeric[1] ? 16 : 10);
      const valid = code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0x10ffff);
      if (!valid || (code >= 0xd800 && code <= 0xdfff)) fail(offset, `the character reference ${match}`);
      return String.fromCodePoint(code);
    }
    const value = xmlEntities[name] ?? htmlEntities[name];
    if (value === undefined) fail(offset, `the unknown entity ${match}`);
    return value;
  });
}

/** Reads the attributes of a start tag from `source` at `at`; returns them and where the tag's end is. */
function readAttributes(source: string, at: number): { attributes: Map<string, string>; end: number } {
  const attributes = new Map<string, string>();
  let position = at;
  for (;;) {
    const spaces = /^\s*/.exec(source.slice(position))?.[0].length ?? 0;
    position += spaces;
    const rest = source.slice(position);
    if (rest.startsWith('/>') || rest.startsWith('>')) return { attributes, end: position };
    if (spaces === 0) fail(position, 'attributes must be separated by white space');
    const name = namePattern.exec(rest)?.[0];
    if (!name) fail(position, 'an attribute name was expected');
    const value = /^\s*=\s*("([^"<]*)"|'([^'<]*)')/.exec(rest.slice(name.length));
    if (!value) fail(position, `the attribute ${name} needs a quoted value`);
    if (attributes.has(name)) fail(position, `the attribute ${name} is repeated`);
    attributes.set(name, decodeReferences(value[2] ?? value[3] ?? '', position));
    position += name.length + value[0].length;
  }
}

interface Open {
  readonly name: string;
  readonly children: StorageNode[];
}

/** Reads the markup at `position` (after a `<`) into the open element; returns the next position. */
function readMarkup(source: string, position: number, stack: Open[]): number {
  const top = stack[stack.length - 1] as Open;
  const rest = source.slice(position);
  if (rest.startsWith('<!--')) {
    const end = source.indexOf('-->', position + 4);
    if (end < 0) fail(position, 'an unclosed comment');
    return end + 3;
  }
  if (rest.startsWith('<![CDATA[')) {
    const end = source.indexOf(']]>', position + 9);
    if (end < 0) fail(position, 'an unclosed CDATA section');
    top.children.push({ kind: 'text', text: source.slice(position + 9, end) });
    return end + 3;
  }
  if (rest.startsWith('</')) {
    const close = /^<\/([^\s>]+)\s*>/.exec(rest);
    if (!close || stack.length === 1 || close[1] !== top.name) fail(position, `an unexpected end tag`);
    stack.pop();
    return position + close[0].length;
  }
  const name = namePattern.exec(rest.slice(1))?.[0];
  if (!name) fail(position, 'a "<" that starts no element');
  const { attributes, end } = readAttributes(source, position + 1 + name.length);
  const element = { kind: 'element' as const, name, attributes, children: [] as StorageNode[] };
  top.children.push(element);
  if (source.startsWith('/>', end)) return end + 2;
  if (stack.length > maxDepth) fail(position, `elements nested deeper than ${maxDepth}`);
  stack.push(element);
  return end + 1;
}

/** Where the first character XML does not allow is (C0 controls but tab, LF and CR; U+FFFE, U+FFFF), or -1. */
function firstForbiddenCharacter(source: string): number {
  for (let i = 0; i < source.length; i++) {
    const code = source.charCodeAt(i);
    if ((code < 0x20 && code !== 0x9 && code !== 0xa && code !== 0xd) || code === 0xfffe || code === 0xffff)
      return i;
  }
  return -1;
}

/** The nodes of a storage-format fragment, or a `StorageFormatProblem` saying where it is not well-formed. */
export function parseStorageFormat(source: string): StorageNode[] {
  const forbidden = firstForbiddenCharacter(source);
  if (forbidden >= 0) fail(forbidden, 'a character XML does not allow');
  const root: Open = { name: '', children: [] };
  const stack: Open[] = [root];
  let position = 0;
  while (position < source.length) {
    const next = source.indexOf('<', position);
    const textEnd = next < 0 ? source.length : next;
    if (textEnd > position) {
      const raw = source.slice(position, textEnd);
      if (raw.includes('>') && raw.includes(']]>')) fail(position, 'a "]]>" outside a CDATA section');
      const top = stack[stack.length - 1] as Open;
      top.children.push({ kind: 'text', text: decodeReferences(raw, position) });
    }
    if (next < 0) break;
    position = readMarkup(source, next, stack);
  }
  if (stack.length > 1) fail(source.length, `the element ${stack[stack.length - 1]?.name} is not closed`);
  return root.children;
}
