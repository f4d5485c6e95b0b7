/** The use cases of the wiki's spaces: create, find, list, delete. */
import type { Kysely } from 'kysely';
import type { Clock } from '../clock/clock.ts';
import { isUniqueViolation } from '../db/errors.ts';
import type { Database } from '../db/schema.ts';
import { VeilError } from '../errors/veil-error.ts';
import type { Site } from '../sites/sites.model.ts';
import { type Space, spaceRowToSpace } from './wiki.model.ts';
import {
  deleteSpaceRow,
  findHomepageIds,
  findSpaceRowById,
  findSpaceRowByKey,
  insertSpaceRow,
  listSpaceRows,
} from './wiki.repository.ts';

/** What this file's functions use of the app's dependencies. */
export interface Deps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
}

export const spaceNotFound = (what: string) =>
  new VeilError('space.not_found', `No space with key or id ${what} exists, or you cannot see it.`);

/** A space with the id of its home page (its first top-level page), if it has one. */
export interface SpaceWithHome {
  readonly space: Space;
  readonly homepageId: string | undefined;
}

async function withHomes(db: Kysely<Database>, spaces: Space[]): Promise<SpaceWithHome[]> {
  const homes = await findHomepageIds(
    db,
    spaces.map((space) => space.id),
  );
  return spaces.map((space) => ({ space, homepageId: homes.get(space.id) }));
}

/** Creates a space; the key is unique on the site (kept by the database). */
export async function createSpace(
  deps: Deps,
  site: Site,
  actorId: string | null,
  input: { key: string; name: string; description: string },
): Promise<SpaceWithHome> {
  try {
    const row = await insertSpaceRow(deps.db, {
      site_id: site.id,
      space_key: input.key,
      name: input.name,
      description: input.description,
      creator_id: actorId,
      created_at: deps.clock.now(),
    });
    return { space: spaceRowToSpace(row), homepageId: undefined };
  } catch (error) {
    if (isUniqueViolation(error))
      throw new VeilError('space.key_taken', `A space with key ${input.key} already exists`);
    throw error;
  }
}

/** The site's space with this key, or the wiki's 404. */
export async function getSpaceByKey(db: Kysely<Database>, site: Site, key: string): Promise<SpaceWithHome> {
  const row = await findSpaceRowByKey(db, site.id, key);
  if (!row) throw spaceNotFound(key);
  const [found] = await withHomes(db, [spaceRowToSpace(row)]);
  return found as SpaceWithHome;
}

/** The site's space with this id, or the wiki's 404. */
export async function getSpaceById(db: Kysely<Database>, site: Site, id: string): Promise<SpaceWithHome> {
  const row = await findSpaceRowById(db, site.id, id);
  if (!row) throw spaceNotFound(id);
  const [found] = await withHomes(db, [spaceRowToSpace(row)]);
  return found as SpaceWithHome;
}

/** A page of the site's spaces in key order (one more than asked, to tell whether more follow). */
export async function listSpaces(
  db: Kysely<Database>,
  site: Site,
  page: { start: number; limit: number },
  filter: { keys?: readonly string[]; ids?: readonly string[] },
): Promise<SpaceWithHome[]> {
  const rows = await listSpaceRows(db, site.id, page.start, page.limit + 1, filter);
  return withHomes(db, rows.map(spaceRowToSpace));
}

/**
 * Deletes the site's space with this key at once, with its pages and their comments (the database's
 * cascade); the wiki's 404 when there is none. No `page_removed` is sent for the pages it takes.
 */
export async function deleteSpace(deps: Deps, site: Site, key: string): Promise<Space> {
  const { space } = await getSpaceByKey(deps.db, site, key);
  await deleteSpaceRow(deps.db, space.id);
  return space;
}
