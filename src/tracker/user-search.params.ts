import type { Static } from 'typebox';
import type { Caller } from '../auth/caller.ts';
import type { Directory } from '../directory/directory.ts';
import { VeilError } from '../errors/veil-error.ts';
import type { Site } from '../sites/sites.model.ts';
import {
  checkLegacyParameters,
  findByLegacyIdentifier,
  type IdentityContext,
} from '../user-api/legacy-request.ts';
import { readMultiValue } from '../user-api/params.ts';
import type { UserPickerQuery } from './user-search.schemas.ts';
import { normalizeQuery, readCriterion, type UserCriterion } from './user-search.ts';

function invalid(path: string, message: string, summary: string): VeilError {
  return new VeilError('request.invalid', summary, [{ path, message }]);
}

/**
 * What a user search matches: `query` xor `accountId`, or in the legacy mode `username` (a prefix of
 * the username, the visible display name or the visible email, as the legacy search matched).
 */
export function readSearchCriterion(
  identity: IdentityContext,
  query: { query?: string; accountId?: string; username?: string },
  required: boolean,
): UserCriterion {
  if (query.username === undefined || !checkLegacyParameters(identity, { username: query.username }))
    return readCriterion(query, required);
  if ((query.query ?? '') !== '' || (query.accountId ?? '') !== '') {
    throw invalid(
      'username',
      'cannot be combined with query or accountId',
      'Give one of query, accountId or username',
    );
  }
  return { kind: 'legacy-prefix', query: normalizeQuery(query.username ?? '') };
}

/** The accounts the picker leaves out: `excludeAccountIds`, or in the legacy mode `exclude` (usernames). */
export async function readPickerExclusions(
  directory: Directory,
  site: Site,
  viewer: Caller['viewer'],
  identity: IdentityContext,
  query: Static<typeof UserPickerQuery>,
): Promise<Set<string>> {
  const excluded = readMultiValue(query.excludeAccountIds, 'excludeAccountIds');
  const usernames = readMultiValue(query.exclude, 'exclude');
  if (excluded.length > 0 && usernames.length > 0) {
    throw invalid('exclude', 'cannot be combined with excludeAccountIds', 'Give excludeAccountIds only');
  }
  checkLegacyParameters(identity, { exclude: usernames });
  for (const username of usernames) {
    const entry = await findByLegacyIdentifier(directory, site, viewer, 'username', username);
    if (entry) excluded.push(entry.account.accountId);
  }
  return new Set(excluded);
}
