import type { Kysely } from 'kysely';
import { installRowToInstall } from '../apps/apps.model.ts';
import type { InstallRow } from '../apps/apps.repository.ts';
import { type ConnectDescriptor, resolveAppUrl } from '../apps/descriptor.validate.ts';
import type { Clock } from '../clock/clock.ts';
import type { Database } from '../db/schema.ts';
import { type FilteredIssue, mayPassIssueFilter } from './issue-filter.ts';
import type { IssueEvent, IssueEventSubject } from './webhooks.model.ts';
import {
  findAppAccountIds,
  findEnabledInstallRows,
  listLiveWebhookRows,
  type WebhookRow,
} from './webhooks.repository.ts';
import { type QueuedDelivery, writeDelivery } from './webhooks.service.ts';

/** One issue event: what happened, to what, on which site, by whom. */
export interface IssueEventInput {
  readonly event: IssueEvent;
  readonly siteId: string;
  /** The person (or app) who made the change: the `user` of the body and the `sub` of the JWT. */
  readonly actorId: string;
  readonly subject: IssueEventSubject;
  /** What the filters are decided on when `matchesFilter` cannot decide them. */
  readonly issue: FilteredIssue;
  /**
   * Decides a filter for the issue as the change leaves it (the issue search, handed over by the issues
   * capability), with `currentUser()` the receiving app's user; undefined when it cannot.
   */
  readonly matchesFilter?: (filter: string, appAccountId: string | null) => Promise<boolean | undefined>;
}

/** Whether the event passes a webhook's filter: decided by the search when it can, else by the parser. */
async function passesFilter(filter: string | null, input: IssueEventInput, appAccountId: string | null) {
  if (!filter || filter.trim() === '') return true;
  const decided = await input.matchesFilter?.(filter, appAccountId);
  return decided ?? mayPassIssueFilter(filter, input.issue);
}

/** The descriptor's webhooks for the event, with their filters. */
function descriptorIssueWebhooks(descriptor: ConnectDescriptor, event: string) {
  const declared = descriptor.modules?.webhooks;
  if (!Array.isArray(declared)) return [];
  return declared.flatMap((entry: unknown) => {
    const webhook = entry as { event?: unknown; url?: unknown; filter?: unknown };
    if (webhook.event !== event || typeof webhook.url !== 'string') return [];
    return [{ url: webhook.url, filter: typeof webhook.filter === 'string' ? webhook.filter : null }];
  });
}

/** The URLs an install wants the event at: its descriptor's webhooks, then its registered ones by URL. */
async function findIssueTargets(
  install: InstallRow,
  appAccountId: string | null,
  dynamic: readonly WebhookRow[],
  input: IssueEventInput,
) {
  const descriptor = JSON.parse(install.descriptor) as ConnectDescriptor;
  const targets: { url: string; matchedWebhookIds: number[] | null }[] = [];
  for (const webhook of descriptorIssueWebhooks(descriptor, input.event)) {
    if (!(await passesFilter(webhook.filter, input, appAccountId))) continue;
    targets.push({ url: resolveAppUrl(descriptor, webhook.url), matchedWebhookIds: null });
  }
  const seen = new Set(targets.map((target) => target.url));
  const byUrl = new Map<string, number[]>();
  for (const row of dynamic) {
    if (row.client_key !== install.client_key) continue;
    if (!(JSON.parse(row.events) as string[]).includes(input.event)) continue;
    if (!(await passesFilter(row.jql_filter, input, appAccountId))) continue;
    byUrl.set(row.url, [...(byUrl.get(row.url) ?? []), row.webhook_id]);
  }
  const registered = [...byUrl].filter(([url]) => !seen.has(url));
  return [...targets, ...registered.map(([url, ids]) => ({ url, matchedWebhookIds: ids }))];
}

/**
 * Writes one delivery (and the job that sends it) per subscribed tracker install and URL, in the
 * caller's transaction, for an issue event. Returns the deliveries written.
 */
export async function queueIssueEvent(
  db: Kysely<Database>,
  clock: Clock,
  input: IssueEventInput,
): Promise<QueuedDelivery[]> {
  const installs = (await findEnabledInstallRows(db, [input.siteId])).filter(
    (install) => installRowToInstall(install).productType === 'jira',
  );
  if (installs.length === 0) return [];
  const now = clock.now();
  const dynamic = await listLiveWebhookRows(
    db,
    installs.map((install) => install.client_key),
    now,
  );
  const appAccounts = await findAppAccountIds(
    db,
    installs.map((install) => install.app_key),
  );
  const written: QueuedDelivery[] = [];
  for (const install of installs) {
    const appAccountId = appAccounts.get(install.app_key) ?? null;
    for (const target of await findIssueTargets(install, appAccountId, dynamic, input)) {
      const { event, actorId, subject } = input;
      const delivery = { event, url: target.url, accountId: actorId, actingAccountId: actorId, subject };
      written.push(
        await writeDelivery(db, clock, install, { ...delivery, matchedWebhookIds: target.matchedWebhookIds }),
      );
    }
  }
  return written;
}
