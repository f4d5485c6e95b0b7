/** The use cases of a filter's share permissions and of favourites. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { VeilError } from '../errors/veil-error.ts';
import { queueFilterWebhook } from './filter-webhooks.service.ts';
import { requireAccount, requireOwner } from './filters.access.ts';
import type { FilterDeps, FilterRequest } from './filters.context.ts';
import { type Filter, type SharePermission, sharePermissionRowToSharePermission } from './filters.model.ts';
import { readSharePermission, type ShareInput } from './share-permissions.input.ts';
import {
  deleteFavouriteRow,
  deleteSharePermissionRows,
  insertFavouriteRow,
  insertSharePermissionRows,
  listSharePermissionRows,
} from './share-permissions.repository.ts';

/** The filter's share permissions, in the order they were given. */
export async function listFilterSharePermissions(
  db: Kysely<Database>,
  filter: Filter,
): Promise<SharePermission[]> {
  const rows = await listSharePermissionRows(db, 'filter', [filter.id]);
  return rows.map(sharePermissionRowToSharePermission);
}

/** One share permission of the filter, or the tracker's 404. */
export async function getFilterSharePermission(
  db: Kysely<Database>,
  filter: Filter,
  permissionId: string,
): Promise<SharePermission> {
  const found = (await listFilterSharePermissions(db, filter)).find((p) => p.id === permissionId);
  if (!found)
    throw new VeilError('share_permission.not_found', `The share permission ${permissionId} does not exist.`);
  return found;
}

/**
 * Shares the caller's own filter once more. Sharing with everyone (or every signed-in user) replaces
 * the others; another share beside one of those is refused, as the tracker does.
 */
export async function addFilterSharePermission(
  deps: FilterDeps,
  context: FilterRequest,
  filter: Filter,
  input: ShareInput,
): Promise<SharePermission[]> {
  requireOwner(context.reader, filter.ownerId, 'filter');
  const permission = await readSharePermission(deps, context.site, input, 'type');
  const existing = await listFilterSharePermissions(deps.db, filter);
  const wide = (kind: string) => kind === 'global' || kind === 'loggedin';
  if (!wide(permission.kind) && existing.some((p) => wide(p.kind)))
    throw new VeilError(
      'request.invalid',
      'Delete the global or logged-in share permission before adding another.',
      [{ path: 'type', message: 'The filter is already shared with everyone.' }],
    );
  await deps.db.transaction().execute(async (trx) => {
    if (wide(permission.kind)) await deleteSharePermissionRows(trx, 'filter', filter.id);
    await insertSharePermissionRows(trx, 'filter', filter.id, [permission]);
    await queueFilterWebhook(trx, deps.clock, {
      event: 'filter_updated',
      siteId: context.site.id,
      actorId: context.reader.accountId,
      filterId: filter.id,
    });
  });
  return listFilterSharePermissions(deps.db, filter);
}

/** Removes a share permission of the caller's own filter. */
export async function deleteFilterSharePermission(
  deps: FilterDeps,
  context: FilterRequest,
  filter: Filter,
  permissionId: string,
): Promise<void> {
  requireOwner(context.reader, filter.ownerId, 'filter');
  await getFilterSharePermission(deps.db, filter, permissionId);
  await deps.db.transaction().execute(async (trx) => {
    await deleteSharePermissionRows(trx, 'filter', filter.id, permissionId);
    await queueFilterWebhook(trx, deps.clock, {
      event: 'filter_updated',
      siteId: context.site.id,
      actorId: context.reader.accountId,
      filterId: filter.id,
    });
  });
}

/** Makes the filter (one the caller sees) a favourite of theirs, or no longer. */
export async function setFilterFavourite(
  deps: FilterDeps,
  context: FilterRequest,
  filter: Filter,
  favourite: boolean,
): Promise<void> {
  const accountId = requireAccount(context.reader);
  if (favourite) await insertFavouriteRow(deps.db, 'filter', filter.id, accountId, deps.clock.now());
  else await deleteFavouriteRow(deps.db, 'filter', filter.id, accountId);
}
