/**
 * The bodies of the wiki's webhooks, rendered for the receiving app when sent, in the shape of
 * Confluence Connect's payloads: `{timestamp, userAccountId, accountType, page | comment}`, the content
 * read from its row now (removed content from what its delivery kept). People are accountIds only; the
 * acting person's `accountType` is the one the wiki's user object (the one decision) shows that app.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Site } from '../sites/sites.model.ts';
import type { UserViews } from '../user-api/sent-views.ts';
import { wikiBaseUrl } from '../user-api/wiki-user.representation.ts';
import type { WikiWebhookBodyInput, WikiWebhookRenderer } from '../webhooks/webhook-payload.ts';
import type { WikiRemovedContent } from '../webhooks/webhooks.model.ts';
import { contentRowToContent } from './wiki.model.ts';
import { findContentRow } from './wiki.repository.ts';
import { loadWikiPeople } from './wiki-people.representation.ts';

/** What the renderer reads from. */
export interface Deps extends UserViews {
  readonly db: Kysely<Database>;
}

/** Content as a webhook shows it. */
type Shown = WikiRemovedContent;

async function readShown(db: Kysely<Database>, site: Site, id: string | null): Promise<Shown | undefined> {
  if (id === null) return undefined;
  const row = await findContentRow(db, site.id, id);
  if (!row) return undefined;
  const content = contentRowToContent(row);
  const parent = content.type === 'comment' ? await readShown(db, site, content.parentId) : undefined;
  return {
    id: content.id,
    title: content.title,
    spaceKey: content.spaceKey,
    version: content.version,
    creatorId: content.creatorId,
    versionAuthorId: content.versionAuthorId,
    createdAt: content.createdAt.toISOString(),
    updatedAt: content.updatedAt.toISOString(),
    ...(parent ? { parent } : {}),
  };
}

function pageSelf(site: Site, page: Shown): string {
  return `${wikiBaseUrl(site)}/spaces/${encodeURIComponent(page.spaceKey)}/pages/${page.id}`;
}

/** The payload's object for a page or comment (a comment's `self` points at it on its page). */
function renderShown(site: Site, shown: Shown, kind: 'page' | 'comment'): Record<string, unknown> {
  const parent = kind === 'comment' && shown.parent ? renderShown(site, shown.parent, 'page') : undefined;
  const self =
    kind === 'page'
      ? pageSelf(site, shown)
      : `${parent?.self ?? wikiBaseUrl(site)}?focusedCommentId=${shown.id}`;
  return {
    id: Number(shown.id),
    ...(kind === 'page' ? { title: shown.title } : {}),
    spaceKey: shown.spaceKey,
    creatorAccountId: shown.creatorId,
    lastModifierAccountId: shown.versionAuthorId,
    version: shown.version,
    creationDate: Date.parse(shown.createdAt),
    modificationDate: Date.parse(shown.updatedAt),
    self,
    ...(parent ? { parent } : {}),
  };
}

/** The renderer of wiki webhook bodies the delivery job calls (wired by the composition root). */
export function createWikiWebhookRenderer(deps: Deps): WikiWebhookRenderer {
  return async (input: WikiWebhookBodyInput) => {
    const { site, subject, event } = input;
    const kind = event.startsWith('page_') ? 'page' : 'comment';
    const shown = subject.removed ?? (await readShown(deps.db, site, subject.contentId));
    const audience = { users: deps, site, viewer: input.viewer, legacy: input.legacy };
    const people = await loadWikiPeople(audience, [input.actorId]);
    return {
      timestamp: input.occurredAt.getTime(),
      userAccountId: input.actorId,
      accountType: people.user(input.actorId)?.accountType || 'unknown',
      // Removed meanwhile (a later change): only which content it was.
      [kind]: shown ? renderShown(site, shown, kind) : { id: Number(subject.contentId) },
    };
  };
}
