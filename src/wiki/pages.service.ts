/**
 * The use cases of the wiki's pages: create (in a space, under a parent page), update (the next version
 * only), delete, find and list. Bodies are checked and stored with mentions by accountId
 * (`storage-format.service.ts`) before anything is written.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../clock/clock.ts';
import { isUniqueViolation } from '../db/errors.ts';
import type { Database } from '../db/schema.ts';
import type { Directory } from '../directory/directory.ts';
import { VeilError } from '../errors/veil-error.ts';
import type { Site } from '../sites/sites.model.ts';
import { getSpaceById, getSpaceByKey } from './spaces.service.ts';
import { prepareStorageBody } from './storage-format.service.ts';
import { type Content, contentRowToContent } from './wiki.model.ts';
import {
  type ContentFilter,
  deleteContentRow,
  findContentRow,
  insertContentRow,
  listContentRows,
  updateContentRow,
} from './wiki.repository.ts';
import { queueWikiEvent } from './wiki-events.ts';
import type { WikiRequest } from './wiki-request.ts';

/** What this file's functions use of the app's dependencies. */
export interface Deps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly directory: Directory;
}

export const contentNotFound = (id: string) =>
  new VeilError('content.not_found', `No content with id ${id} exists, or you cannot see it.`);

function titleInvalid(message: string): VeilError {
  return new VeilError('request.invalid', message, [{ path: 'title', message }]);
}

/** The site's content with this id (of the type, when given), or the wiki's 404. */
export async function getContent(
  db: Kysely<Database>,
  site: Site,
  id: string,
  type?: Content['type'],
): Promise<Content> {
  const row = await findContentRow(db, site.id, id);
  if (!row || (type !== undefined && row.content_type !== type)) throw contentNotFound(id);
  return contentRowToContent(row);
}

/** A page of the site's content matching the filter (one more than asked, to tell whether more follow). */
export async function listContent(
  db: Kysely<Database>,
  site: Site,
  filter: ContentFilter,
  page: { start: number; limit: number },
): Promise<Content[]> {
  const rows = await listContentRows(db, site.id, filter, { start: page.start, limit: page.limit + 1 });
  return rows.map(contentRowToContent);
}

export interface PageInput {
  readonly space: { key: string } | { id: string };
  readonly title: string;
  readonly body: string;
  readonly parentId?: string | undefined;
}

async function insertPage(deps: Deps, values: Parameters<typeof insertContentRow>[1], title: string) {
  try {
    return await insertContentRow(deps.db, values);
  } catch (error) {
    if (isUniqueViolation(error))
      throw new VeilError('content.title_taken', `A page with this title already exists: ${title}`);
    throw error;
  }
}

/**
 * Runs a change of content in one transaction with the webhook event it makes (queued in it, for the
 * wiki's apps that declare it).
 */
export function changingContent(
  deps: Deps,
  wiki: WikiRequest,
  change: 'created' | 'updated',
  write: (inTransaction: Deps) => Promise<Content>,
): Promise<Content> {
  return deps.db.transaction().execute(async (trx) => {
    const content = await write({ ...deps, db: trx });
    await queueWikiEvent(trx, deps.clock, { content, change, actorId: wiki.actorId });
    return content;
  });
}

/** Creates a page (and queues `page_created`); its creator owns it and wrote its first version. */
export async function createPage(deps: Deps, wiki: WikiRequest, input: PageInput): Promise<Content> {
  // Mentions are checked against the directory before the transaction (which holds the one PGlite connection).
  const body = await prepareStorageBody(deps.directory, wiki, input.body);
  return changingContent(deps, wiki, 'created', (inTransaction) =>
    insertNewPage(inTransaction, wiki, { ...input, body }),
  );
}

async function insertNewPage(deps: Deps, wiki: WikiRequest, input: PageInput): Promise<Content> {
  const { site, actorId } = wiki;
  const title = input.title.trim();
  if (title === '') throw titleInvalid('A page needs a title.');
  const { space } =
    'key' in input.space
      ? await getSpaceByKey(deps.db, site, input.space.key)
      : await getSpaceById(deps.db, site, input.space.id);
  if (input.parentId !== undefined) {
    const parent = await getContent(deps.db, site, input.parentId, 'page');
    if (parent.spaceId !== space.id) throw titleInvalid('The parent page is in another space.');
  }
  const { body } = input;
  const now = deps.clock.now();
  const id = await insertPage(
    deps,
    {
      space_id: space.id,
      content_type: 'page',
      parent_id: input.parentId ?? null,
      title,
      body,
      creator_id: actorId,
      owner_id: actorId,
      version_author_id: actorId,
      created_at: now,
      updated_at: now,
    },
    title,
  );
  return getContent(deps.db, site, id);
}

export interface ContentChange {
  readonly title: string;
  readonly body: string | undefined;
  readonly version: number;
}

/**
 * Writes the next version of a page (or comment) and queues `page_updated` (`comment_updated`):
 * `version` must be the current one plus one (409 otherwise).
 */
export async function updateContent(
  deps: Deps,
  wiki: WikiRequest,
  content: Content,
  change: ContentChange,
): Promise<Content> {
  const body =
    change.body === undefined ? undefined : await prepareStorageBody(deps.directory, wiki, change.body);
  return changingContent(deps, wiki, 'updated', (inTransaction) =>
    writeNextVersion(inTransaction, wiki, content, { ...change, body }),
  );
}

async function writeNextVersion(
  deps: Deps,
  wiki: WikiRequest,
  content: Content,
  change: ContentChange,
): Promise<Content> {
  if (change.version !== content.version + 1) {
    throw new VeilError(
      'content.version_conflict',
      `Version must be incremented on update. Current version is: ${content.version}`,
    );
  }
  const title = content.type === 'page' ? change.title.trim() : content.title;
  if (title === '') throw titleInvalid('A page needs a title.');
  const body = change.body ?? content.body; // already prepared
  const written = await updateContentRow(deps.db, content.id, content.version, {
    title,
    body,
    version_author_id: wiki.actorId,
    updated_at: deps.clock.now(),
  }).catch((error: unknown) => {
    if (isUniqueViolation(error))
      throw new VeilError('content.title_taken', `A page with this title already exists: ${title}`);
    throw error;
  });
  if (!written)
    throw new VeilError('content.version_conflict', 'The page was changed meanwhile; read it again.');
  return getContent(deps.db, wiki.site, content.id);
}

/** Deletes content (a page takes its comments and child pages with it) and queues `*_removed` for it. */
export async function deleteContent(deps: Deps, wiki: WikiRequest, content: Content): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    // Queued first: a removed comment's delivery keeps its page, read before anything goes.
    await queueWikiEvent(trx, deps.clock, { content, change: 'removed', actorId: wiki.actorId });
    await deleteContentRow(trx, content.id);
  });
}
