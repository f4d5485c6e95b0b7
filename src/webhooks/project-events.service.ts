/**
 * Queues project events (`project_created`, `project_updated`, `project_deleted`) for the tracker installs
 * whose descriptors declare them, in the caller's transaction: one delivery per webhook, its body rendered
 * for the app when sent (the projects capability renders it).
 */
import type { Kysely } from 'kysely';
import { installRowToInstall } from '../apps/apps.model.ts';
import { type ConnectDescriptor, resolveAppUrl } from '../apps/descriptor.validate.ts';
import type { Clock } from '../clock/clock.ts';
import type { Database } from '../db/schema.ts';
import type { ProjectEvent, ProjectEventSubject } from './webhooks.model.ts';
import { findEnabledInstallRows } from './webhooks.repository.ts';
import { type QueuedDelivery, writeDelivery } from './webhooks.service.ts';

/** One project event: what happened, to which project, on which site, by whom. */
export interface ProjectEventInput {
  readonly event: ProjectEvent;
  readonly siteId: string;
  readonly actorId: string;
  readonly subject: ProjectEventSubject;
}

/** The URLs of the descriptor's webhooks for the event. */
export function declaredUrls(descriptor: ConnectDescriptor, event: string): string[] {
  const declared = descriptor.modules?.webhooks;
  if (!Array.isArray(declared)) return [];
  return declared.flatMap((entry: unknown) => {
    const webhook = entry as { event?: unknown; url?: unknown };
    return webhook.event === event && typeof webhook.url === 'string'
      ? [resolveAppUrl(descriptor, webhook.url)]
      : [];
  });
}

/** Writes one delivery (and its job) per declared webhook of every enabled tracker install of the site. */
export async function queueProjectEvent(
  db: Kysely<Database>,
  clock: Clock,
  input: ProjectEventInput,
): Promise<QueuedDelivery[]> {
  const installs = (await findEnabledInstallRows(db, [input.siteId])).filter(
    (install) => installRowToInstall(install).productType === 'jira',
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
