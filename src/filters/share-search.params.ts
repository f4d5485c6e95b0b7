/** What the filter and dashboard searches read the same way: the owner and the group they name. */
import { VeilError } from '../errors/veil-error.ts';
import { findGroupRow } from '../site-groups/site-groups.repository.ts';
import { checkLegacyParameters, findByLegacyIdentifier } from '../user-api/legacy-request.ts';
import type { FilterDeps as Deps, FilterRequest } from './filters.context.ts';

interface OwnerQuery {
  readonly accountId?: string | undefined;
  readonly owner?: string | undefined;
}

interface GroupQuery {
  readonly groupId?: string | undefined;
  readonly groupname?: string | undefined;
}

/** The owner a search names: by accountId, or in the legacy stage by username (none found: nobody's). */
export async function readOwner(
  deps: Deps,
  context: FilterRequest,
  query: OwnerQuery,
): Promise<string | undefined> {
  if (query.owner === undefined || query.owner === '') return query.accountId;
  checkLegacyParameters(context.identity, { owner: query.owner });
  const entry = await findByLegacyIdentifier(
    deps.directory,
    context.site,
    context.viewer,
    'username',
    query.owner,
  );
  return entry?.account.accountId ?? '';
}

/** The group a search names (by id or name), or the tracker's 400 when the site has none such. */
export async function readGroupId(
  deps: Deps,
  context: FilterRequest,
  query: GroupQuery,
): Promise<string | undefined> {
  if (query.groupId === undefined && query.groupname === undefined) return undefined;
  const ref = query.groupId !== undefined ? { groupId: query.groupId } : { name: query.groupname ?? '' };
  const row = await findGroupRow(deps.db, context.site.id, ref);
  if (row) return row.group_id;
  const message = `Group '${query.groupId ?? query.groupname}' does not exist.`;
  throw new VeilError('request.invalid', message, [
    { path: query.groupId ? 'groupId' : 'groupname', message },
  ]);
}
