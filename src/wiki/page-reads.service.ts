/** What a rendering of content reads besides the content, in few queries: spaces, parents, people. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { type ContentContext, expands, peopleToLoad } from './pages.representation.ts';
import { getSpaceByKey, type SpaceWithHome } from './spaces.service.ts';
import { type Content, contentRowToContent } from './wiki.model.ts';
import { findContentRow } from './wiki.repository.ts';
import { loadWikiPeople, type WikiPeople } from './wiki-people.representation.ts';
import type { WikiRequest } from './wiki-request.ts';

/** The parents of the contents, and theirs (pages' ancestors, comments' pages), by id. */
async function loadParents(db: Kysely<Database>, siteId: string, contents: readonly Content[]) {
  const related = new Map<string, Content>();
  let pending = contents.map((content) => content.parentId);
  for (let depth = 0; depth < 50 && pending.length > 0; depth++) {
    const ids = [...new Set(pending.filter((id): id is string => id !== null && !related.has(id)))];
    const rows = await Promise.all(ids.map((id) => findContentRow(db, siteId, id)));
    const found = rows.flatMap((row) => (row ? [contentRowToContent(row)] : []));
    for (const parent of found) related.set(parent.id, parent);
    pending = found.map((parent) => parent.parentId);
  }
  return related;
}

/** The people of the contents (mentions too when a view is rendered), for the caller. */
export async function loadContentPeople(
  wiki: WikiRequest,
  contents: readonly Content[],
  withViews: boolean,
): Promise<WikiPeople> {
  return loadWikiPeople(wiki.audience, peopleToLoad(contents, withViews));
}

/** The context of a v1 rendering of the contents with `expand`. */
export async function loadContentContext(
  db: Kysely<Database>,
  wiki: WikiRequest,
  contents: readonly Content[],
  expand: ReadonlySet<string>,
): Promise<ContentContext> {
  const spaces = new Map<string, SpaceWithHome>();
  if (expands(expand, 'space')) {
    for (const key of new Set(contents.map((content) => content.spaceKey)))
      spaces.set(key, await getSpaceByKey(db, wiki.site, key));
  }
  const withParents = expands(expand, 'ancestors') || expands(expand, 'container');
  const related = withParents ? await loadParents(db, wiki.site.id, contents) : new Map();
  const people = await loadContentPeople(wiki, contents, expand.has('body.view'));
  return { people, expand, spaces, related };
}
