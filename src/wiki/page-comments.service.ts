/** The use cases of comments on pages (footer comments): add one to a page, list a page's comments. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Site } from '../sites/sites.model.ts';
import { changingContent, type Deps, getContent, listContent } from './pages.service.ts';
import { prepareStorageBody } from './storage-format.service.ts';
import type { Content } from './wiki.model.ts';
import { insertContentRow } from './wiki.repository.ts';
import type { WikiRequest } from './wiki-request.ts';

/** Adds a comment to a page (and queues `comment_created`); its body is checked and stored as a page's is. */
export async function createPageComment(
  deps: Deps,
  wiki: WikiRequest,
  pageId: string,
  rawBody: string,
): Promise<Content> {
  // Mentions are checked before the transaction (which holds the one PGlite connection).
  const body = await prepareStorageBody(deps.directory, wiki, rawBody);
  return changingContent(deps, wiki, 'created', (inTransaction) =>
    insertComment(inTransaction, wiki, pageId, body),
  );
}

async function insertComment(deps: Deps, wiki: WikiRequest, pageId: string, body: string): Promise<Content> {
  const page = await getContent(deps.db, wiki.site, pageId, 'page');
  const now = deps.clock.now();
  const id = await insertContentRow(deps.db, {
    space_id: page.spaceId,
    content_type: 'comment',
    parent_id: page.id,
    title: `Re: ${page.title}`.slice(0, 255),
    body,
    creator_id: wiki.actorId,
    owner_id: wiki.actorId,
    version_author_id: wiki.actorId,
    created_at: now,
    updated_at: now,
  });
  return getContent(deps.db, wiki.site, id);
}

/** A page of a page's comments, oldest first (one more than asked, to tell whether more follow). */
export async function listPageComments(
  db: Kysely<Database>,
  site: Site,
  pageId: string,
  page: { start: number; limit: number },
): Promise<Content[]> {
  await getContent(db, site, pageId, 'page');
  return listContent(db, site, { type: 'comment', parentId: pageId }, page);
}
