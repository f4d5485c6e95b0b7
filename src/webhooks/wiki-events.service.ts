/**
 * Queues the wiki's content events (`page_created`, `page_updated`, `page_removed`, `comment_created`,
 * `comment_updated`, `comment_removed`) for the site's WIKI installs (installed for the product
 * `confluence`) whose descriptors declare them, in the caller's transaction: one delivery per webhook,
 * its body rendered for the app when sent (the wiki capability renders it). The tracker's installs never
 * get them, even for the event names the tracker shares (`comment_created`).
 */
import type { Kysely } from 'kysely';
import { installRowToInstall } from '../apps/apps.model.ts';
import type { ConnectDescriptor } from '../apps/descriptor.validate.ts';
import type { Clock } from '../clock/clock.ts';
import type { Database } from '../db/schema.ts';
import { declaredUrls } from './project-events.service.ts';
import type { WikiEvent, WikiEventSubject } from './webhooks.model.ts';
import { findEnabledInstallRows } from './webhooks.repository.ts';
import { type QueuedDelivery, writeDelivery } from './webhooks.service.ts';

/** One wiki event: what happened, to which content, on which site, by whom. */
export interface WikiEventInput {
  readonly event: WikiEvent;
  readonly siteId: string;
  readonly actorId: string;
  readonly subject: WikiEventSubject;
}

/** Writes one delivery (and its job) per declared webhook of every enabled wiki install of the site. */
export async function queueWikiEvent(
  db: Kysely<Database>,
  clock: Clock,
  input: WikiEventInput,
): Promise<QueuedDelivery[]> {
  const installs = (await findEnabledInstallRows(db, [input.siteId])).filter(
    (install) => installRowToInstall(install).productType === 'confluence',
  );
  const written: QueuedDelivery[] = [];
  for (const install of installs) {
    const descriptor = JSON.parse(install.descriptor) as ConnectDescriptor;
    for (const url of new Set(declaredUrls(descriptor, input.event))) {
      const { event, actorId, subject } = input;
      const delivery = {
        event,
        url,
        accountId: actorId,
        actingAccountId: actorId,
        subject,
        matchedWebhookIds: null,
      };
      written.push(await writeDelivery(db, clock, install, delivery));
    }
  }
  return written;
}
