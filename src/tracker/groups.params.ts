import type { DirectoryEntry } from '../directory/directory.ts';
import { isVeilError, VeilError } from '../errors/veil-error.ts';
import type { Site } from '../sites/sites.model.ts';
import { readMultiValue } from '../user-api/params.ts';

/** A group named by id or by name (names match case-insensitively, as the store does). */
export type GroupRef = { readonly groupId: string } | { readonly name: string };

const groupNameMaxLength = 255;

/**
 * The group a request names with `groupname` or `groupId` (or their `swap` forms): exactly one of
 * the two, as the spec says they cannot be used together. Undefined when neither is given.
 */
export function readGroupReference(
  byName: string | undefined,
  byId: string | undefined,
  names: { name: string; id: string },
): GroupRef | undefined {
  const name = byName?.trim() || undefined;
  const id = byId?.trim() || undefined;
  if (name !== undefined && id !== undefined) {
    throw new VeilError('request.invalid', `${names.name} and ${names.id} cannot be used together`, [
      { path: names.id, message: `cannot be used with ${names.name}` },
    ]);
  }
  if (id !== undefined) return { groupId: id };
  return name !== undefined ? { name } : undefined;
}

/** Like `readGroupReference`, but one of the two is required (`400` otherwise). */
export function requireGroupReference(query: { groupname?: string; groupId?: string }): GroupRef {
  const ref = readGroupReference(query.groupname, query.groupId, { name: 'groupname', id: 'groupId' });
  if (!ref) {
    throw new VeilError('request.invalid', 'Specify the group with the groupname or groupId parameter', [
      { path: 'groupname', message: 'groupname or groupId is required' },
    ]);
  }
  return ref;
}

/**
 * Group names from a lenient multi-valued parameter. A value that is itself the name of a group is
 * kept whole (a name may contain a comma); any other value is split as `readMultiValue` splits.
 */
export function readGroupNames(raw: unknown, parameter: string, site: Site): string[] {
  const known = new Set(site.groups.map((g) => g.name.toLowerCase()));
  const values = raw === undefined ? [] : Array.isArray(raw) ? raw.map(String) : [String(raw)];
  return values.flatMap((value) =>
    known.has(value.trim().toLowerCase()) ? [value.trim()] : readMultiValue(value, parameter),
  );
}

/** A new group's name: trimmed, not empty, not too long. */
export function readNewGroupName(raw: string): string {
  const name = raw.trim();
  if (name === '' || name.length > groupNameMaxLength) {
    throw new VeilError('request.invalid', 'The group name must be 1 to 255 characters', [
      { path: 'name', message: 'must be 1 to 255 characters' },
    ]);
  }
  return name;
}

/** The tracker answers a name in use with 400 (its spec), not the 409 of Veil's own API. */
export function refuseTakenGroupName(error: unknown): never {
  if (isVeilError(error, 'group.name_taken')) {
    throw new VeilError('request.invalid', 'A group with that name already exists', [
      { path: 'name', message: 'is in use' },
    ]);
  }
  throw error;
}

/** `startAt` and `maxResults` of the group member list: maxResults must be 1 to 50 (the spec's range). */
export function readMemberPage(query: { startAt: number; maxResults: number }) {
  const { startAt, maxResults } = query;
  if (maxResults < 1 || maxResults > 50) {
    throw new VeilError('request.invalid', 'maxResults must be between 1 and 50', [
      { path: 'maxResults', message: 'must be between 1 and 50' },
    ]);
  }
  if (startAt < 0) {
    throw new VeilError('request.invalid', 'startAt must not be negative', [
      { path: 'startAt', message: 'must be 0 or more' },
    ]);
  }
  return { startAt, maxResults };
}

/**
 * The named member's accountId, looked up now (outside the group's transaction) but handed over, or its
 * error thrown, only when the transaction asks, so that an unknown group is still reported first.
 */
export async function memberFinder(lookup: Promise<DirectoryEntry>): Promise<() => string> {
  try {
    const accountId = (await lookup).account.accountId;
    return () => accountId;
  } catch (error) {
    return () => {
      throw error;
    };
  }
}

/** What `POST /group/user` says when its body names no one (`UpdateUserToGroupBean.accountId`). */
export const memberAccountIdMissing = 'The accountId of the user to add needs to be provided';
