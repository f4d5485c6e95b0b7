/**
 * Queues an event of a capability (a project's, a filter's, a wiki page's) for the site's enabled installs
 * of one product whose descriptors declare it, in the caller's transaction: one delivery per install and
 * URL, its body rendered for the receiving app when sent (by the capability's renderer).
 */
import type { Kysely } from 'kysely';
import { installRowToInstall } from '../apps/apps.model.ts';
import { type ConnectDescriptor, resolveAppUrl } from '../apps/descriptor.validate.ts';
import type { Clock } from '../clock/clock.ts';
import type { Database } from '../db/schema.ts';
import type { FilterEventSubject, ProjectEventSubject, WikiEventSubject } from './webhooks.model.ts';
import { findEnabledInstallRows } from './webhooks.repository.ts';
import { type QueuedDelivery, writeDelivery } from './webhooks.service.ts';

/** One event: its name, the product whose installs hear it, the site, who did it, and what it is about. */
export interface DeclaredEventInput {
  readonly event: string;
  readonly product: 'jira' | 'confluence';
  readonly siteId: string;
  readonly actorId: string;
  readonly subject: ProjectEventSubject | FilterEventSubject | WikiEventSubject;
}

/** The URLs of the descriptor's webhooks for the event, each once. */
export function declaredUrls(descriptor: ConnectDescriptor, event: string): string[] {
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

/** Writes one delivery (and its job) per declared webhook of every enabled install of the product on the site. */
export async function queueDeclaredEvent(
  db: Kysely<Database>,
  clock: Clock,
  input: DeclaredEventInput,
): Promise<QueuedDelivery[]> {
  const installs = (await findEnabledInstallRows(db, [input.siteId])).filter(
    (install) => installRowToInstall(install).productType === input.product,
  );
  const written: QueuedDelivery[] = [];
  for (const install of installs) {
    const descriptor = JSON.parse(install.descriptor) as ConnectDescriptor;
    for (const url of declaredUrls(descriptor, input.event)) {
      const { event, actorId, subject } = input;
      const delivery = { event, url, accountId: actorId, actingAccountId: actorId, subject };
      written.push(await writeDelivery(db, clock, install, { ...delivery, matchedWebhookIds: null }));
    }
  }
  return written;
}
