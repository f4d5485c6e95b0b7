/**
 * A body on its way in: read strictly (malformed → 400, nothing written), every mention checked against
 * the site and reduced to its accountId. `ri:userkey` and `ri:username` name a person only in the legacy
 * stage (and only one the caller may find by that name); elsewhere they are refused as the user APIs'
 * legacy parameters are.
 */
import type { Directory } from '../directory/directory.ts';
import { VeilError } from '../errors/veil-error.ts';
import { checkLegacyParameters, findByLegacyIdentifier } from '../user-api/legacy-request.ts';
import { parseStorageFormat, StorageFormatProblem, type StorageNode } from './storage-format.parser.ts';
import { type MentionRef, mentionsOf, serializeStorageFormat } from './storage-format.ts';
import type { WikiRequest } from './wiki-request.ts';

/** The wiki's 400 for a body. */
export function storageInvalid(message: string): VeilError {
  return new VeilError('content.storage_invalid', message, [{ path: 'body.storage.value', message }]);
}

/** The nodes of a body, or the wiki's 400 saying where it is not well-formed. */
export function readStorageBody(raw: string): StorageNode[] {
  try {
    return parseStorageFormat(raw);
  } catch (error) {
    if (error instanceof StorageFormatProblem) throw storageInvalid(error.message);
    throw error;
  }
}

const refKey = (ref: MentionRef) => `${ref.by}:${ref.value}`;

/** The accountId a mention names, or the 400 of a mention that names no person of the site. */
async function resolveMention(directory: Directory, wiki: WikiRequest, ref: MentionRef): Promise<string> {
  const { site, viewer } = wiki.audience;
  if (ref.by === 'accountId') {
    const entry = await directory.entry(ref.value);
    if (entry?.links.has(site.id)) return ref.value;
    throw storageInvalid(`The mention of ${ref.value} names no user of this site.`);
  }
  checkLegacyParameters(wiki.identity, { [`ri:${ref.by}`]: ref.value });
  const kind = ref.by === 'username' ? 'username' : 'key';
  const entry = await findByLegacyIdentifier(directory, site, viewer, kind, ref.value);
  if (!entry) throw storageInvalid(`The mention of ${ref.by} ${ref.value} names no user of this site.`);
  return entry.account.accountId;
}

/** The body as stored: well-formed, every mention by the accountId of a person of the site. */
export async function prepareStorageBody(
  directory: Directory,
  wiki: WikiRequest,
  raw: string,
): Promise<string> {
  const nodes = readStorageBody(raw);
  const resolved = new Map<string, string>();
  for (const ref of mentionsOf(nodes)) {
    if (!resolved.has(refKey(ref))) resolved.set(refKey(ref), await resolveMention(directory, wiki, ref));
  }
  return serializeStorageFormat(nodes, (ref) => resolved.get(refKey(ref)) ?? ref.value);
}
