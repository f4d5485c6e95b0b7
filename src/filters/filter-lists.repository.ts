/** The SQL of filter lists: the caller's own, their favourites, and the paged search. */
import { type Kysely, sql } from 'kysely';
import { containing } from '../db/like.ts';
import type { Database } from '../db/schema.ts';
import type { FilterRow, ShareReader } from './filters.model.ts';
import { selectFilters, visibleFilterCondition } from './filters.repository.ts';

type Db = Kysely<Database>;

/** The filters the account owns on the site, by name. */
export async function listOwnFilterRows(db: Db, siteId: string, accountId: string): Promise<FilterRow[]> {
  const rows = await selectFilters(db)
    .where('filters.site_id', '=', siteId)
    .where('filters.owner_id', '=', accountId)
    .orderBy('filters.name_normalized')
    .orderBy('filters.filter_id')
    .execute();
  return rows as FilterRow[];
}

/** The reader's favourite filters on the site that they still see, by name. */
export async function listFavouriteFilterRows(db: Db, siteId: string, reader: ShareReader) {
  const rows = await selectFilters(db)
    .where('filters.site_id', '=', siteId)
    .where(visibleFilterCondition(reader))
    .where(
      sql<boolean>`exists (select 1 from favourites f where f.filter_id = filters.filter_id and f.account_id = ${reader.accountId ?? ''})`,
    )
    .orderBy('filters.name_normalized')
    .orderBy('filters.filter_id')
    .execute();
  return rows as FilterRow[];
}

/** What `/filter/search` narrows by; every part is optional. */
export interface FilterSearch {
  readonly name?: string | undefined;
  readonly ownerId?: string | undefined;
  readonly groupId?: string | undefined;
  readonly projectId?: string | undefined;
  readonly ids?: readonly string[] | undefined;
  readonly orderBy: { readonly key: FilterOrderKey; readonly descending: boolean };
}

export const filterOrderKeys = [
  'id',
  'name',
  'description',
  'owner',
  'favourite_count',
  'is_favourite',
] as const;
export type FilterOrderKey = (typeof filterOrderKeys)[number];

function searchQuery(db: Db, siteId: string, reader: ShareReader, search: FilterSearch) {
  let query = selectFilters(db).where('filters.site_id', '=', siteId).where(visibleFilterCondition(reader));
  if (search.name)
    query = query.where('filters.name_normalized', 'like', containing(search.name.toLowerCase()));
  if (search.ownerId !== undefined) query = query.where('filters.owner_id', '=', search.ownerId);
  if (search.groupId !== undefined)
    query = query.where(
      sql<boolean>`exists (select 1 from share_permissions g where g.filter_id = filters.filter_id and g.group_id = ${search.groupId})`,
    );
  if (search.projectId !== undefined)
    query = query.where(
      sql<boolean>`exists (select 1 from share_permissions p where p.filter_id = filters.filter_id and p.project_id = ${search.projectId})`,
    );
  if (search.ids !== undefined) query = query.where('filters.filter_id', 'in', [...search.ids, '0']);
  return query;
}

function orderExpression(key: FilterOrderKey, reader: ShareReader) {
  if (key === 'id') return sql`filters.filter_id`;
  if (key === 'name') return sql`filters.name_normalized`;
  if (key === 'description') return sql`filters.description`;
  // By accountId: ordering by names would tell a caller something of names hidden from them.
  if (key === 'owner') return sql`filters.owner_id`;
  if (key === 'favourite_count')
    return sql`(select count(*) from favourites fv where fv.filter_id = filters.filter_id)`;
  return sql`exists (select 1 from favourites f where f.filter_id = filters.filter_id and f.account_id = ${reader.accountId ?? ''})`;
}

/** A page of the filters the reader sees that match, in the order asked (then by id), and how many match. */
export async function searchFilterRows(
  db: Db,
  siteId: string,
  reader: ShareReader,
  search: FilterSearch,
  page: { startAt: number; maxResults: number },
): Promise<{ rows: FilterRow[]; total: number }> {
  const direction = sql.raw(search.orderBy.descending ? 'desc' : 'asc');
  const [rows, count] = await Promise.all([
    searchQuery(db, siteId, reader, search)
      .orderBy(sql`${orderExpression(search.orderBy.key, reader)} ${direction}`)
      .orderBy('filters.filter_id')
      .offset(page.startAt)
      .limit(page.maxResults)
      .execute(),
    db
      .selectFrom(searchQuery(db, siteId, reader, search).as('found'))
      .select((eb) => eb.fn.countAll<string>().as('total'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows: rows as FilterRow[], total: Number(count.total) };
}
