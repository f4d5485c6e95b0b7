/** The SQL of the wiki's spaces and content: small functions taking the executor first. */
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database } from '../db/schema.ts';

export type SpaceRow = Selectable<Database['wiki_spaces']>;
/** A content row with the key of its space. */
export type ContentRow = Selectable<Database['wiki_content']> & { space_key: string; site_id: string };

type Db = Kysely<Database>;

/** Inserts a space; returns its row. */
export async function insertSpaceRow(db: Db, row: Insertable<Database['wiki_spaces']>): Promise<SpaceRow> {
  return db.insertInto('wiki_spaces').values(row).returningAll().executeTakeFirstOrThrow();
}

/** The site's space with this key, if any. */
export async function findSpaceRowByKey(db: Db, siteId: string, key: string): Promise<SpaceRow | undefined> {
  return db
    .selectFrom('wiki_spaces')
    .selectAll()
    .where('site_id', '=', siteId)
    .where('space_key', '=', key)
    .executeTakeFirst();
}

/** The site's space with this id, if any. */
export async function findSpaceRowById(db: Db, siteId: string, id: string): Promise<SpaceRow | undefined> {
  if (!/^[0-9]{1,18}$/.test(id)) return undefined;
  return db
    .selectFrom('wiki_spaces')
    .selectAll()
    .where('site_id', '=', siteId)
    .where('space_id', '=', id)
    .executeTakeFirst();
}

/** A page of the site's spaces in key order, among the keys or ids given (when given). */
export async function listSpaceRows(
  db: Db,
  siteId: string,
  start: number,
  limit: number,
  filter: { keys?: readonly string[]; ids?: readonly string[] } = {},
): Promise<SpaceRow[]> {
  let query = db.selectFrom('wiki_spaces').selectAll().where('site_id', '=', siteId);
  if (filter.keys) query = query.where('space_key', 'in', filter.keys.length > 0 ? filter.keys : ['']);
  const ids = filter.ids?.filter((id) => /^[0-9]{1,18}$/.test(id));
  if (ids) query = query.where('space_id', 'in', ids.length > 0 ? ids : ['0']);
  return query.orderBy('space_key').offset(start).limit(limit).execute();
}

/** The id of each space's home page (its first page), by space id. */
export async function findHomepageIds(db: Db, spaceIds: readonly string[]): Promise<Map<string, string>> {
  if (spaceIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('wiki_content')
    .select(['space_id'])
    .select((eb) => eb.fn.min('content_id').as('content_id'))
    .where('space_id', 'in', spaceIds)
    .where('content_type', '=', 'page')
    .where('parent_id', 'is', null)
    .groupBy('space_id')
    .execute();
  return new Map(rows.map((row) => [String(row.space_id), String(row.content_id)]));
}

function selectContent(db: Db) {
  return db
    .selectFrom('wiki_content')
    .innerJoin('wiki_spaces', 'wiki_spaces.space_id', 'wiki_content.space_id')
    .selectAll('wiki_content')
    .select(['wiki_spaces.space_key', 'wiki_spaces.site_id']);
}

/** Inserts content (a page or a comment); returns its id. */
export async function insertContentRow(db: Db, row: Insertable<Database['wiki_content']>): Promise<string> {
  const { content_id } = await db
    .insertInto('wiki_content')
    .values(row)
    .returning('content_id')
    .executeTakeFirstOrThrow();
  return String(content_id);
}

/** The site's content with this id, if any. */
export async function findContentRow(db: Db, siteId: string, id: string): Promise<ContentRow | undefined> {
  if (!/^[0-9]{1,18}$/.test(id)) return undefined;
  return selectContent(db)
    .where('wiki_spaces.site_id', '=', siteId)
    .where('wiki_content.content_id', '=', id)
    .executeTakeFirst();
}

export interface ContentFilter {
  readonly type: 'page' | 'comment';
  readonly spaceKey?: string;
  readonly title?: string;
  readonly parentId?: string;
  readonly id?: string;
}

/** A page of the site's content matching the filter, in id order. */
export async function listContentRows(
  db: Db,
  siteId: string,
  filter: ContentFilter,
  page: { start: number; limit: number },
): Promise<ContentRow[]> {
  let query = selectContent(db)
    .where('wiki_spaces.site_id', '=', siteId)
    .where('wiki_content.content_type', '=', filter.type);
  if (filter.spaceKey !== undefined) query = query.where('wiki_spaces.space_key', '=', filter.spaceKey);
  if (filter.title !== undefined) query = query.where('wiki_content.title', '=', filter.title);
  if (filter.parentId !== undefined) query = query.where('wiki_content.parent_id', '=', filter.parentId);
  if (filter.id !== undefined)
    query = query.where('wiki_content.content_id', '=', /^[0-9]{1,18}$/.test(filter.id) ? filter.id : '0');
  return query.orderBy('wiki_content.content_id').offset(page.start).limit(page.limit).execute();
}

/** Writes the next version of content when its current version is `current`; whether it was written. */
export async function updateContentRow(
  db: Db,
  id: string,
  current: number,
  change: { title: string; body: string; version_author_id: string | null; updated_at: Date },
): Promise<boolean> {
  const result = await db
    .updateTable('wiki_content')
    .set({ ...change, version: current + 1 })
    .where('content_id', '=', id)
    .where('version', '=', current)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Deletes content (and, through the foreign key, its comments). */
export async function deleteContentRow(db: Db, id: string): Promise<void> {
  await db.deleteFrom('wiki_content').where('content_id', '=', id).execute();
}

/** The content an account created, for the export. */
export async function listContentRowsByCreator(db: Db, accountId: string): Promise<ContentRow[]> {
  return selectContent(db).where('wiki_content.creator_id', '=', accountId).orderBy('content_id').execute();
}

/** Deletes a space (and, through the foreign keys, its pages and their comments). */
export async function deleteSpaceRow(db: Db, spaceId: string): Promise<void> {
  await db.deleteFrom('wiki_spaces').where('space_id', '=', spaceId).execute();
}
