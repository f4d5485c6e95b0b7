/**
 * The webhook events of a wiki change, queued in the change's transaction (the service that changes,
 * queues): `page_*` for a page, `comment_*` for a comment. A removed page or comment is kept in the
 * delivery as ids, title, times and accountIds (never names), since its row is gone when it is sent.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../clock/clock.ts';
import type { Database } from '../db/schema.ts';
import { queueDeclaredEvent } from '../webhooks/declared-events.service.ts';
import type { WikiEvent, WikiRemovedContent } from '../webhooks/webhooks.model.ts';
import type { Content } from './wiki.model.ts';
import { contentRowToContent } from './wiki.model.ts';
import { findContentRow } from './wiki.repository.ts';

/** A change of one page or comment: which, how, by whom. */
export interface WikiChange {
  readonly content: Content;
  readonly change: 'created' | 'updated' | 'removed';
  readonly actorId: string | null;
}

function kept(content: Content): WikiRemovedContent {
  return {
    id: content.id,
    title: content.title,
    spaceKey: content.spaceKey,
    version: content.version,
    creatorId: content.creatorId,
    versionAuthorId: content.versionAuthorId,
    createdAt: content.createdAt.toISOString(),
    updatedAt: content.updatedAt.toISOString(),
  };
}

/** What a removed comment's delivery keeps: the comment and its page (read before the comment goes). */
async function keptRemoved(db: Kysely<Database>, content: Content): Promise<WikiRemovedContent> {
  if (content.type === 'page' || content.parentId === null) return kept(content);
  const parent = await findContentRow(db, content.siteId, content.parentId);
  return { ...kept(content), ...(parent ? { parent: kept(contentRowToContent(parent)) } : {}) };
}

/** Queues the event for the wiki's apps that declare it; nobody acting (no account) queues none. */
export async function queueWikiEvent(db: Kysely<Database>, clock: Clock, change: WikiChange): Promise<void> {
  const { content, actorId } = change;
  if (actorId === null) return;
  const event = `${content.type}_${change.change}` as WikiEvent;
  const subject = {
    contentId: content.id,
    ...(change.change === 'removed' ? { removed: await keptRemoved(db, content) } : {}),
  };
  await queueDeclaredEvent(db, clock, {
    event,
    product: 'confluence',
    siteId: content.siteId,
    actorId,
    subject,
  });
}
