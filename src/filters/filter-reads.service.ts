/** Reading filters for a caller: their lists, the search, and what each filter's representation needs. */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import { VeilError } from '../errors/veil-error.ts';
import {
  type FilterOrderKey,
  type FilterSearch,
  filterOrderKeys,
  listFavouriteFilterRows,
  listOwnFilterRows,
  searchFilterRows,
} from './filter-lists.repository.ts';
import type { FilterRequest } from './filters.context.ts';
import { type Filter, filterRowToFilter, sharePermissionRowToSharePermission } from './filters.model.ts';
import type { FilterExtras } from './filters.representation.ts';
import { findFavouriteIds, listSharePermissionRows } from './share-permissions.repository.ts';

/** The most people `sharedUsers` lists. */
const maxSharedUsers = 1000;

/**
 * The accounts a filter is shared with, in accountId order: those named, the members of the groups, the
 * actors of the project roles (and their groups' members), and
 * when shared with a project, every signed-in user or everyone, the site's tracker users.
 */
async function findSharedUserIds(db: Kysely<Database>, filter: Filter): Promise<string[]> {
  const result = await sql<{ account_id: string }>`
    select account_id from share_permissions where filter_id = ${filter.id} and kind = 'user'
    union select gm.account_id from group_members gm
      join share_permissions sp on sp.group_id = gm.group_id where sp.filter_id = ${filter.id}
    union select coalesce(a.account_id, gm.account_id) from share_permissions sp
      join issue_projects ip on ip.project_id = sp.project_id
      join project_role_actors a on a.site_id = ip.site_id and a.project_key = ip.project_key
        and a.role_id::text = sp.role_id
      left join group_members gm on gm.group_id = a.group_id
      where sp.filter_id = ${filter.id} and sp.kind = 'projectRole'
        and coalesce(a.account_id, gm.account_id) is not null
    union select sap.account_id from site_account_products sap
      where sap.site_id = ${filter.siteId} and sap.product = 'jira' and exists (select 1 from share_permissions w
        where w.filter_id = ${filter.id} and w.kind in ('global', 'loggedin', 'project'))
    order by account_id limit ${maxSharedUsers}`.execute(db);
  return result.rows.map((row) => row.account_id);
}

/** What the representation of each filter needs, for the caller, loaded in a few statements. */
export async function loadFilterExtras(
  db: Kysely<Database>,
  context: FilterRequest,
  filters: readonly Filter[],
  withSharedUsers = false,
): Promise<Map<string, FilterExtras>> {
  const ids = filters.map((f) => f.id);
  const [shareRows, favourites] = await Promise.all([
    listSharePermissionRows(db, 'filter', ids),
    findFavouriteIds(db, 'filter', context.reader.accountId, ids),
  ]);
  const extras = new Map<string, FilterExtras>();
  for (const filter of filters) {
    const shares = shareRows
      .filter((row) => String(row.shared_id) === filter.id)
      .map(sharePermissionRowToSharePermission);
    const sharedUserIds = withSharedUsers ? await findSharedUserIds(db, filter) : null;
    extras.set(filter.id, { shares, favourite: favourites.has(filter.id), sharedUserIds });
  }
  return extras;
}

/** The caller's own filters, and with `includeFavourites` their favourites owned by others. */
export async function listMyFilters(
  db: Kysely<Database>,
  context: FilterRequest,
  includeFavourites: boolean,
): Promise<Filter[]> {
  const accountId = context.reader.accountId;
  if (accountId === null) return [];
  const own = (await listOwnFilterRows(db, context.site.id, accountId)).map(filterRowToFilter);
  if (!includeFavourites) return own;
  const favourites = (await listFavouriteFilterRows(db, context.site.id, context.reader)).map(
    filterRowToFilter,
  );
  return [...own, ...favourites.filter((f) => f.ownerId !== accountId)];
}

/** The caller's favourite filters that they still see. */
export async function listFavouriteFilters(db: Kysely<Database>, context: FilterRequest): Promise<Filter[]> {
  if (context.reader.accountId === null) return [];
  return (await listFavouriteFilterRows(db, context.site.id, context.reader)).map(filterRowToFilter);
}

/** `orderBy` as the tracker writes it (`name`, `-name`, `+owner`), or the tracker's 400. */
export function readFilterOrder(raw: string | undefined): FilterSearch['orderBy'] {
  const text = (raw ?? 'name').trim();
  const descending = text.startsWith('-');
  const key = text.replace(/^[-+]/, '').toLowerCase();
  if (!(filterOrderKeys as readonly string[]).includes(key))
    throw new VeilError('request.invalid', `orderBy must be one of ${filterOrderKeys.join(', ')}.`, [
      { path: 'orderBy', message: `'${raw}' is not a valid order` },
    ]);
  return { key: key as FilterOrderKey, descending };
}

/** A page of the filters the caller sees that match the search, and how many match. */
export async function searchFilters(
  db: Kysely<Database>,
  context: FilterRequest,
  search: FilterSearch,
  page: { startAt: number; maxResults: number },
): Promise<{ filters: Filter[]; total: number }> {
  const { rows, total } = await searchFilterRows(db, context.site.id, context.reader, search, page);
  return { filters: rows.map(filterRowToFilter), total };
}
