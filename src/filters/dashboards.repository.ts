/** The SQL of dashboards. */
import { type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ShareReader } from './filters.model.ts';

type Db = Kysely<Database>;

export interface DashboardRow {
  dashboard_id: string;
  site_id: string;
  owner_id: string;
  name: string;
  description: string;
  popularity: string | number;
}

/** Whether the reader sees the dashboard (`dashboards` in scope): owner, shared with them, or an admin. */
export function visibleDashboardCondition(reader: ShareReader): RawBuilder<SqlBool> {
  if (reader.admin) return sql<SqlBool>`true`;
  const me = reader.accountId ?? '';
  const groups =
    reader.groupIds.length > 0 ? sql`sp.group_id in (${sql.join([...reader.groupIds])})` : sql`false`;
  const broad = reader.signedIn ? sql`sp.kind in ('global', 'loggedin', 'project')` : sql`sp.kind = 'global'`;
  return sql<SqlBool>`(dashboards.owner_id = ${me} or exists (select 1 from share_permissions sp
    where sp.dashboard_id = dashboards.dashboard_id and not sp.edit and (${broad}
      or (sp.kind = 'user' and sp.account_id = ${me}) or (sp.kind = 'group' and ${groups}))))`;
}

/** The dashboard columns with how many people chose it as a favourite. */
export function selectDashboards(db: Db) {
  return db
    .selectFrom('dashboards')
    .select([
      'dashboards.dashboard_id',
      'dashboards.site_id',
      'dashboards.owner_id',
      'dashboards.name',
      'dashboards.description',
      sql<string>`(select count(*) from favourites fv where fv.dashboard_id = dashboards.dashboard_id)`.as(
        'popularity',
      ),
    ]);
}

export interface NewDashboardRow {
  site_id: string;
  owner_id: string;
  name: string;
  description: string;
  created_at: Date;
}

export async function insertDashboardRow(db: Db, row: NewDashboardRow): Promise<string> {
  const inserted = await db
    .insertInto('dashboards')
    .values({ ...row, name_normalized: row.name.toLowerCase(), updated_at: row.created_at })
    .returning('dashboard_id')
    .executeTakeFirstOrThrow();
  return String(inserted.dashboard_id);
}

export async function updateDashboardRow(
  db: Db,
  id: string,
  patch: { name?: string; description?: string; updated_at: Date },
) {
  const normalized = patch.name !== undefined ? { name_normalized: patch.name.toLowerCase() } : {};
  await db
    .updateTable('dashboards')
    .set({ ...patch, ...normalized })
    .where('dashboard_id', '=', id)
    .execute();
}

export async function deleteDashboardRow(db: Db, id: string) {
  await db.deleteFrom('dashboards').where('dashboard_id', '=', id).execute();
}
