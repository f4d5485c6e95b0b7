/** The SQL of dashboards. */
import { type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import { containing } from '../db/like.ts';
import type { Database } from '../db/schema.ts';
import type { ShareReader } from './filters.model.ts';
import { roleShareReaches } from './filters.repository.ts';

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
      or (sp.kind = 'user' and sp.account_id = ${me}) or (sp.kind = 'group' and ${groups})
      or ${roleShareReaches(reader)})))`;
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

const isId = (id: string) => /^[1-9][0-9]{0,17}$/.test(id);

/** The dashboard of the site with this id, if the reader sees it. */
export async function findDashboardRow(db: Db, siteId: string, id: string, reader: ShareReader) {
  if (!isId(id)) return undefined;
  const row = await selectDashboards(db)
    .where('dashboards.site_id', '=', siteId)
    .where('dashboards.dashboard_id', '=', id)
    .where(visibleDashboardCondition(reader))
    .executeTakeFirst();
  return row as DashboardRow | undefined;
}

/** What the dashboard lists narrow by; every part is optional. */
export interface DashboardSearch {
  readonly name?: string | undefined;
  readonly ownerId?: string | undefined;
  readonly groupId?: string | undefined;
  readonly projectId?: string | undefined;
  readonly favouriteOf?: string | undefined;
  readonly orderBy: { readonly key: DashboardOrderKey; readonly descending: boolean };
}

export const dashboardOrderKeys = [
  'id',
  'name',
  'description',
  'owner',
  'favourite_count',
  'popularity',
] as const;
export type DashboardOrderKey = (typeof dashboardOrderKeys)[number];

const shareExists = (column: 'group_id' | 'project_id', value: string) =>
  sql<boolean>`exists (select 1 from share_permissions s where s.dashboard_id = dashboards.dashboard_id and s.${sql.ref(column)} = ${value})`;

function searchQuery(db: Db, siteId: string, reader: ShareReader, search: DashboardSearch) {
  let query = selectDashboards(db)
    .where('dashboards.site_id', '=', siteId)
    .where(visibleDashboardCondition(reader));
  if (search.name)
    query = query.where('dashboards.name_normalized', 'like', containing(search.name.toLowerCase()));
  if (search.ownerId !== undefined) query = query.where('dashboards.owner_id', '=', search.ownerId);
  if (search.groupId !== undefined) query = query.where(shareExists('group_id', search.groupId));
  if (search.projectId !== undefined) query = query.where(shareExists('project_id', search.projectId));
  if (search.favouriteOf !== undefined)
    query = query.where(
      sql<boolean>`exists (select 1 from favourites f where f.dashboard_id = dashboards.dashboard_id and f.account_id = ${search.favouriteOf})`,
    );
  return query;
}

function orderExpression(key: DashboardOrderKey) {
  if (key === 'id') return sql`dashboards.dashboard_id`;
  if (key === 'name') return sql`dashboards.name_normalized`;
  if (key === 'description') return sql`dashboards.description`;
  // By accountId: ordering by names would tell a caller something of names hidden from them.
  if (key === 'owner') return sql`dashboards.owner_id`;
  return sql`(select count(*) from favourites fv where fv.dashboard_id = dashboards.dashboard_id)`;
}

/** A page of the dashboards the reader sees that match, in the order asked (then by id), and how many match. */
export async function searchDashboardRows(
  db: Db,
  siteId: string,
  reader: ShareReader,
  search: DashboardSearch,
  page: { startAt: number; maxResults: number },
): Promise<{ rows: DashboardRow[]; total: number }> {
  const direction = sql.raw(search.orderBy.descending ? 'desc' : 'asc');
  const [rows, count] = await Promise.all([
    searchQuery(db, siteId, reader, search)
      .orderBy(sql`${orderExpression(search.orderBy.key)} ${direction}`)
      .orderBy('dashboards.dashboard_id')
      .offset(page.startAt)
      .limit(page.maxResults)
      .execute(),
    db
      .selectFrom(searchQuery(db, siteId, reader, search).as('found'))
      .select((eb) => eb.fn.countAll<string>().as('total'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows: rows as DashboardRow[], total: Number(count.total) };
}
