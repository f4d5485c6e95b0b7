/**
 * The storage format as Veil keeps it: every body is read strictly, and written back from what was read,
 * with each mention (`<ac:link><ri:user …/></ac:link>`) reduced to its accountId: no name, username,
 * userKey or link text is ever stored (names are rendered when the body is read). Pure: no I/O.
 */
import { parseStorageFormat, type StorageNode } from './storage-format.parser.ts';

/** How a mention names its person, as written. */
export type MentionRef =
  | { readonly by: 'accountId'; readonly value: string }
  | { readonly by: 'userkey' | 'username'; readonly value: string };

const mentionAttributes = [
  ['ri:account-id', 'accountId'],
  ['ri:userkey', 'userkey'],
  ['ri:username', 'username'],
] as const;

/** The person a `ri:user` element names, or null when it names none. */
function mentionRefOf(node: StorageNode): MentionRef | null {
  if (node.kind !== 'element' || node.name !== 'ri:user') return null;
  for (const [attribute, by] of mentionAttributes) {
    const value = node.attributes.get(attribute);
    if (value !== undefined) return { by, value } as MentionRef;
  }
  return null;
}

/** The `ri:user` of an `ac:link` that is a mention, or null. */
export function mentionOf(node: StorageNode): MentionRef | null {
  if (node.kind !== 'element' || node.name !== 'ac:link') return null;
  for (const child of node.children) {
    const ref = mentionRefOf(child);
    if (ref) return ref;
  }
  return null;
}

/** Every mention of the nodes, in document order. */
export function mentionsOf(nodes: readonly StorageNode[]): MentionRef[] {
  return nodes.flatMap((node) => {
    const ref = mentionOf(node);
    if (ref) return [ref];
    return node.kind === 'element' ? mentionsOf(node.children) : [];
  });
}

/** The accountIds a stored body mentions (stored bodies name people by accountId only). */
export function mentionedAccountIds(body: string): string[] {
  const ids = mentionsOf(parseStorageFormat(body)).flatMap((ref) =>
    ref.by === 'accountId' ? [ref.value] : [],
  );
  return [...new Set(ids)];
}

const escapeText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttribute = (text: string) => escapeText(text).replace(/"/g, '&quot;');

/** Writes nodes back as storage format; each mention becomes `ri:account-id` given by `accountIdOf`. */
export function serializeStorageFormat(
  nodes: readonly StorageNode[],
  accountIdOf: (ref: MentionRef) => string,
): string {
  return nodes
    .map((node) => {
      if (node.kind === 'text') return escapeText(node.text);
      const ref = mentionOf(node);
      if (ref) return `<ac:link><ri:user ri:account-id="${escapeAttribute(accountIdOf(ref))}" /></ac:link>`;
      const attributes = [...node.attributes].map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`);
      const open = `<${node.name}${attributes.join('')}`;
      if (node.children.length === 0) return `${open} />`;
      return `${open}>${serializeStorageFormat(node.children, accountIdOf)}</${node.name}>`;
    })
    .join('');
}
