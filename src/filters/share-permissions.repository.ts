/** The SQL of share permissions and favourites, of filters and dashboards alike. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { NewSharePermission, SharePermissionRow } from './filters.model.ts';

type Db = Kysely<Database>;

/** What is shared or favoured: a filter or a dashboard. */
export type Shared = 'filter' | 'dashboard';
const column = (what: Shared) => (what === 'filter' ? 'filter_id' : 'dashboard_id');
const ids = (what: Shared, id: string) =>
  what === 'filter' ? { filter_id: id, dashboard_id: null } : { filter_id: null, dashboard_id: id };

/** The view share permissions of these filters or dashboards, with group and project names, in id order. */
export async function listSharePermissionRows(
  db: Db,
  what: Shared,
  sharedIds: readonly string[],
): Promise<(SharePermissionRow & { shared_id: string })[]> {
  if (sharedIds.length === 0) return [];
  const rows = await db
    .selectFrom('share_permissions as sp')
    .leftJoin('groups as g', 'g.group_id', 'sp.group_id')
    .leftJoin('issue_projects as ip', 'ip.project_id', 'sp.project_id')
    .leftJoin('projects as p', (join) =>
      join.onRef('p.site_id', '=', 'ip.site_id').onRef('p.project_key', '=', 'ip.project_key'),
    )
    .select([
      `sp.${column(what)} as shared_id`,
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
    .where(`sp.${column(what)}`, 'in', [...sharedIds])
    .where('sp.edit', '=', false)
    .orderBy('sp.permission_id')
    .execute();
  return rows as (SharePermissionRow & { shared_id: string })[];
}

/** Adds share permissions (one already there is left as it is). */
export async function insertSharePermissionRows(
  db: Db,
  what: Shared,
  sharedId: string,
  permissions: readonly NewSharePermission[],
) {
  if (permissions.length === 0) return;
  const rows = permissions.map((p) => ({
    ...ids(what, sharedId),
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

/** Removes one share permission, or all of them. */
export async function deleteSharePermissionRows(
  db: Db,
  what: Shared,
  sharedId: string,
  permissionId?: string,
) {
  let query = db.deleteFrom('share_permissions').where(column(what), '=', sharedId);
  if (permissionId !== undefined) query = query.where('permission_id', '=', permissionId);
  await query.execute();
}

/** The ones among these that the account chose as favourites. */
export async function findFavouriteIds(
  db: Db,
  what: Shared,
  accountId: string | null,
  sharedIds: readonly string[],
) {
  if (accountId === null || sharedIds.length === 0) return new Set<string>();
  const rows = await db
    .selectFrom('favourites')
    .select(`${column(what)} as shared_id`)
    .where('account_id', '=', accountId)
    .where(column(what), 'in', [...sharedIds])
    .execute();
  return new Set(rows.map((row) => String(row.shared_id)));
}

export async function insertFavouriteRow(
  db: Db,
  what: Shared,
  sharedId: string,
  accountId: string,
  at: Date,
) {
  await db
    .insertInto('favourites')
    .values({ ...ids(what, sharedId), account_id: accountId, created_at: at })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function deleteFavouriteRow(db: Db, what: Shared, sharedId: string, accountId: string) {
  await db
    .deleteFrom('favourites')
    .where(column(what), '=', sharedId)
    .where('account_id', '=', accountId)
    .execute();
}
