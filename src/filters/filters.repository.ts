/** The SQL of filters, their share permissions and favourites. */
import { type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { FilterRow, NewSharePermission, SharePermissionRow, ShareReader } from './filters.model.ts';

type Db = Kysely<Database>;

/** Whether the reader sees the filter (`filters` in scope): owner, shared with them, or an admin. */
export function visibleFilterCondition(reader: ShareReader): RawBuilder<SqlBool> {
  if (reader.admin) return sql<SqlBool>`true`;
  const me = reader.accountId ?? '';
  const groups =
    reader.groupIds.length > 0 ? sql`sp.group_id in (${sql.join([...reader.groupIds])})` : sql`false`;
  // A project share reaches whoever browses the project: every tracker user of the site.
  const broad = reader.signedIn ? sql`sp.kind in ('global', 'loggedin', 'project')` : sql`sp.kind = 'global'`;
  return sql<SqlBool>`(filters.owner_id = ${me} or exists (select 1 from share_permissions sp
    where sp.filter_id = filters.filter_id and not sp.edit and (${broad}
      or (sp.kind = 'user' and sp.account_id = ${me}) or (sp.kind = 'group' and ${groups}))))`;
}

/** The filter columns with how many people chose it as a favourite. */
export function selectFilters(db: Db) {
  return db
    .selectFrom('filters')
    .select([
      'filters.filter_id',
      'filters.site_id',
      'filters.owner_id',
      'filters.name',
      'filters.description',
      'filters.jql',
      sql<string>`(select count(*) from favourites fv where fv.filter_id = filters.filter_id)`.as(
        'favourited_count',
      ),
    ]);
}

const isId = (id: string) => /^[1-9][0-9]{0,17}$/.test(id);

/** The filter of the site with this id, if the reader sees it. */
export async function findFilterRow(db: Db, siteId: string, id: string, reader: ShareReader) {
  if (!isId(id)) return undefined;
  const row = await selectFilters(db)
    .where('filters.site_id', '=', siteId)
    .where('filters.filter_id', '=', id)
    .where(visibleFilterCondition(reader))
    .executeTakeFirst();
  return row as FilterRow | undefined;
}

export interface NewFilterRow {
  site_id: string;
  owner_id: string;
  name: string;
  description: string;
  jql: string;
  created_at: Date;
}

export async function insertFilterRow(db: Db, row: NewFilterRow): Promise<string> {
  const inserted = await db
    .insertInto('filters')
    .values({ ...row, name_normalized: row.name.toLowerCase(), updated_at: row.created_at })
    .returning('filter_id')
    .executeTakeFirstOrThrow();
  return String(inserted.filter_id);
}

export async function updateFilterRow(
  db: Db,
  id: string,
  patch: { name?: string; description?: string; jql?: string; owner_id?: string; updated_at: Date },
) {
  const normalized = patch.name !== undefined ? { name_normalized: patch.name.toLowerCase() } : {};
  await db
    .updateTable('filters')
    .set({ ...patch, ...normalized })
    .where('filter_id', '=', id)
    .execute();
}

export async function deleteFilterRow(db: Db, id: string) {
  await db.deleteFrom('filters').where('filter_id', '=', id).execute();
}

/** The share permissions of filters (view ones unless `edit`), with group and project names, in id order. */
export async function listSharePermissionRows(
  db: Db,
  filterIds: readonly string[],
): Promise<(SharePermissionRow & { filter_id: string })[]> {
  if (filterIds.length === 0) return [];
  const rows = await db
    .selectFrom('share_permissions as sp')
    .leftJoin('groups as g', 'g.group_id', 'sp.group_id')
    .leftJoin('issue_projects as ip', 'ip.project_id', 'sp.project_id')
    .leftJoin('projects as p', (join) =>
      join.onRef('p.site_id', '=', 'ip.site_id').onRef('p.project_key', '=', 'ip.project_key'),
    )
    .select([
      'sp.filter_id',
      'sp.permission_id',
      'sp.kind',
      'sp.account_id',
      'sp.group_id',
      'g.name as group_name',
      'sp.project_id',
      'ip.project_key',
      'p.name as project_name',
      'sp.role_id',
    ])
    .where('sp.filter_id', 'in', [...filterIds])
    .where('sp.edit', '=', false)
    .orderBy('sp.permission_id')
    .execute();
  return rows as (SharePermissionRow & { filter_id: string })[];
}

/** Adds share permissions to a filter (one already there is left as it is). */
export async function insertSharePermissionRows(
  db: Db,
  filterId: string,
  permissions: readonly NewSharePermission[],
) {
  if (permissions.length === 0) return;
  const rows = permissions.map((p) => ({
    filter_id: filterId,
    dashboard_id: null,
    kind: p.kind,
    account_id: p.accountId,
    group_id: p.groupId,
    project_id: p.projectId,
    role_id: p.roleId,
  }));
  await db
    .insertInto('share_permissions')
    .values(rows)
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function deleteSharePermissionRows(db: Db, filterId: string, permissionId?: string) {
  let query = db.deleteFrom('share_permissions').where('filter_id', '=', filterId);
  if (permissionId !== undefined) query = query.where('permission_id', '=', permissionId);
  await query.execute();
}

/** The filters among these that the account chose as favourites. */
export async function findFavouriteFilterIds(db: Db, accountId: string | null, filterIds: readonly string[]) {
  if (accountId === null || filterIds.length === 0) return new Set<string>();
  const rows = await db
    .selectFrom('favourites')
    .select('filter_id')
    .where('account_id', '=', accountId)
    .where('filter_id', 'in', [...filterIds])
    .execute();
  return new Set(rows.map((row) => String(row.filter_id)));
}

export async function insertFavouriteRow(db: Db, filterId: string, accountId: string, at: Date) {
  await db
    .insertInto('favourites')
    .values({ filter_id: filterId, dashboard_id: null, account_id: accountId, created_at: at })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function deleteFavouriteRow(db: Db, filterId: string, accountId: string) {
  await db
    .deleteFrom('favourites')
    .where('filter_id', '=', filterId)
    .where('account_id', '=', accountId)
    .execute();
}
