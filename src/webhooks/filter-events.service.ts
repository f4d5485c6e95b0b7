/**
 * Queues a filter event (issue 15) for the site's tracker installs whose descriptor declares it: one
 * delivery per install and URL, in the change's transaction. The body is rendered when it is sent.
 */
import type { Kysely } from 'kysely';
import { installRowToInstall } from '../apps/apps.model.ts';
import type { InstallRow } from '../apps/apps.repository.ts';
import { type ConnectDescriptor, resolveAppUrl } from '../apps/descriptor.validate.ts';
import type { Clock } from '../clock/clock.ts';
import type { Database } from '../db/schema.ts';
import type { FilterEvent, FilterEventSubject } from './webhooks.model.ts';
import { findEnabledInstallRows } from './webhooks.repository.ts';
import { type QueuedDelivery, writeDelivery } from './webhooks.service.ts';

/** The URLs of the install's descriptor webhooks for the event. */
function declaredUrls(install: InstallRow, event: FilterEvent): string[] {
  const descriptor = JSON.parse(install.descriptor) as ConnectDescriptor;
  const declared = descriptor.modules?.webhooks;
  if (!Array.isArray(declared)) return [];
  const urls = declared.flatMap((entry: unknown) => {
    const webhook = entry as { event?: unknown; url?: unknown };
    return webhook.event === event && typeof webhook.url === 'string'
      ? [resolveAppUrl(descriptor, webhook.url)]
      : [];
  });
  return [...new Set(urls)];
}

/** Writes the deliveries of a filter event made by `actorId` on the site; returns them. */
export async function queueFilterEvent(
  db: Kysely<Database>,
  clock: Clock,
  input: { event: FilterEvent; siteId: string; actorId: string; subject: FilterEventSubject },
): Promise<QueuedDelivery[]> {
  const installs = (await findEnabledInstallRows(db, [input.siteId])).filter(
    (install) => installRowToInstall(install).productType === 'jira',
  );
  const written: QueuedDelivery[] = [];
  for (const install of installs) {
    for (const url of declaredUrls(install, input.event)) {
      const { event, actorId, subject } = input;
      const delivery = { event, url, accountId: actorId, actingAccountId: actorId, subject };
      written.push(await writeDelivery(db, clock, install, { ...delivery, matchedWebhookIds: null }));
    }
  }
  return written;
}
