/** The SQL of filters, their share permissions and favourites. */
import { type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { FilterRow, ShareReader } from './filters.model.ts';

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
      or (sp.kind = 'user' and sp.account_id = ${me}) or (sp.kind = 'group' and ${groups})
      or ${roleShareReaches(reader)})))`;
}

/**
 * Whether the project role share `sp` reaches the reader: they act in that role of that project, by
 * themselves or through one of their groups.
 */
export function roleShareReaches(reader: ShareReader): RawBuilder<SqlBool> {
  if (!reader.accountId) return sql<SqlBool>`false`;
  const groups =
    reader.groupIds.length > 0 ? sql`a.group_id in (${sql.join([...reader.groupIds])})` : sql`false`;
  return sql<SqlBool>`(sp.kind = 'projectRole' and exists (select 1 from project_role_actors a
    join issue_projects ip on ip.site_id = a.site_id and ip.project_key = a.project_key
    where ip.project_id = sp.project_id and a.role_id::text = sp.role_id
      and (a.account_id = ${reader.accountId} or ${groups})))`;
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
