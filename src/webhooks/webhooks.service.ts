/**
 * Webhooks, the writing side: which installs an account event goes to (their descriptor's
 * `modules.webhooks` and the webhooks they registered through the REST API), written as deliveries in
 * the transaction of the change; and the delivery log app vendors read. Registration through
 * `/rest/api/3/webhook` is webhook-registration.service.ts; sending is webhook-delivery.service.ts.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { accountToProfileSubject } from '../accounts/accounts.model.ts';
import { findAccount } from '../accounts/accounts.service.ts';
import { installRowToInstall } from '../apps/apps.model.ts';
import type { InstallRow } from '../apps/apps.repository.ts';
import { appBaseUrl, type ConnectDescriptor, resolveAppUrl } from '../apps/descriptor.validate.ts';
import { appIdentityMode, legacyIdentityForApp, substituteUserVariables } from '../apps/legacy-identities.ts';
import type { Clock } from '../clock/clock.ts';
import type { Database } from '../db/schema.ts';
import { VeilError } from '../errors/veil-error.ts';
import { enqueueJob } from '../jobs/jobs.service.ts';
import type { LegacyIdentity } from '../sites/legacy-identifiers.ts';
import type { SiteLink } from '../sites/site-links.model.ts';
import { findSiteIdsOfAccount } from '../sites/site-links.repository.ts';
import { listLinks } from '../sites/site-links.service.ts';
import type { Site } from '../sites/sites.model.ts';
import { getSite } from '../sites/sites.service.ts';
import { decideProfileViewForRelation } from '../visibility/visibility.ts';
import {
  attemptRowToDeliveryAttempt,
  type DeliveryAttempt,
  deliveryRowToDelivery,
  type UserEvent,
  type WebhookDelivery,
} from './webhooks.model.ts';
import {
  findDeliveryRow,
  findEnabledInstallRows,
  insertDeliveryRow,
  listDeliveryAttemptRows,
  listDeliveryRows,
  listFailedDeliveryRows,
  listLiveWebhookRows,
  type WebhookRow,
} from './webhooks.repository.ts';

/** The job kind that sends one delivery. */
export const deliverWebhookJob = 'webhook.deliver';

export interface UserEventOptions {
  /**
   * The sites whose installs hear of it; by default every site the account is linked to now. Give them
   * when the link itself is what changes (an unlink is no longer there to be found).
   */
  readonly siteIds?: readonly string[];
  /** The person who made the change: the `sub` of the webhook's JWT. */
  readonly actingAccountId?: string;
}

/** Where one install wants an event: a URL, and the registered webhooks that asked for it there. */
interface Target {
  readonly url: string;
  readonly matchedWebhookIds: number[] | null;
}

/** A delivery `queueUserEvent` wrote: to which app, on which site. */
export interface QueuedDelivery {
  readonly deliveryId: string;
  readonly appKey: string;
  readonly siteId: string;
}

/**
 * Writes one delivery (and the job that sends it) per subscribed install and URL, in the caller's
 * transaction, for an event about an account. Returns the deliveries written.
 */
export async function queueUserEvent(
  db: Kysely<Database>,
  clock: Clock,
  event: UserEvent,
  accountId: string,
  options: UserEventOptions = {},
): Promise<QueuedDelivery[]> {
  const siteIds = options.siteIds ?? (await findSiteIdsOfAccount(db, accountId));
  const installs = await findEnabledInstallRows(db, siteIds);
  if (installs.length === 0) return [];
  const now = clock.now();
  const dynamic = await listLiveWebhookRows(
    db,
    installs.map((install) => install.client_key),
    now,
  );
  const legacyOf = await legacyIdentitiesOn(db, now, accountId, installs);
  const written: QueuedDelivery[] = [];
  for (const install of installs) {
    const legacy = legacyOf(install);
    for (const target of findTargets(install, dynamic, event, accountId, legacy)) {
      const delivery = { event, url: target.url, accountId, matchedWebhookIds: target.matchedWebhookIds };
      written.push(
        await writeDelivery(db, clock, install, {
          ...delivery,
          actingAccountId: options.actingAccountId ?? null,
        }),
      );
    }
  }
  return written;
}

/**
 * For each install, the legacy identity of the account that its app gets in URL variables (the
 * migration stage of the install's site now, the app's opt-in, the account's link there, and whether
 * the one decision lets an app see it: every app stands to the account alike).
 */
async function legacyIdentitiesOn(
  db: Kysely<Database>,
  now: Date,
  accountId: string,
  installs: readonly InstallRow[],
): Promise<(install: InstallRow) => LegacyIdentity | null> {
  const account = await findAccount(db, accountId);
  if (!account) return () => null;
  const view = decideProfileViewForRelation(accountToProfileSubject(account), 'app');
  const bySite = new Map<string, { site: Site; link: SiteLink | undefined }>();
  for (const siteId of new Set(installs.map((install) => install.site_id))) {
    const [link] = await listLinks(db, siteId, [accountId]);
    bySite.set(siteId, { site: await getSite(db, siteId), link });
  }
  return (install) => {
    const { site, link } = bySite.get(install.site_id) as { site: Site; link: SiteLink | undefined };
    return legacyIdentityForApp(appIdentityMode(installRowToInstall(install), site, now), link, view);
  };
}

/** The URLs an install wants `event` at: its descriptor's webhooks, then its registered ones by URL. */
function findTargets(
  install: InstallRow,
  dynamic: readonly WebhookRow[],
  event: string,
  accountId: string,
  legacy: LegacyIdentity | null,
): Target[] {
  const descriptor = JSON.parse(install.descriptor) as ConnectDescriptor;
  const targets: Target[] = descriptorWebhooks(descriptor)
    .filter((webhook) => webhook.event === event)
    .map((webhook) => ({
      url: resolveAppUrl(descriptor, substituteUserVariables(webhook.url, accountId, legacy)),
      matchedWebhookIds: null,
    }));
  const seen = new Set(targets.map((target) => target.url));
  const byUrl = new Map<string, number[]>();
  for (const row of dynamic) {
    if (row.client_key !== install.client_key) continue;
    if (!(JSON.parse(row.events) as string[]).includes(event)) continue;
    byUrl.set(row.url, [...(byUrl.get(row.url) ?? []), row.webhook_id]);
  }
  for (const [url, ids] of byUrl) {
    if (!seen.has(url)) targets.push({ url, matchedWebhookIds: ids });
  }
  return targets;
}

/** The descriptor's `modules.webhooks`, as far as Veil reads them. */
export function descriptorWebhooks(descriptor: ConnectDescriptor): { event: string; url: string }[] {
  const declared = descriptor.modules?.webhooks;
  if (!Array.isArray(declared)) return [];
  return declared.flatMap((entry: unknown) => {
    const webhook = entry as { event?: unknown; url?: unknown };
    return typeof webhook.event === 'string' && typeof webhook.url === 'string'
      ? [{ event: webhook.event, url: webhook.url }]
      : [];
  });
}

/** Whether `url` is at or under the app's base URL (a registered webhook must be). */
export function isUnderAppBaseUrl(descriptor: ConnectDescriptor, url: string): boolean {
  const base = appBaseUrl(descriptor);
  return url === base || url.startsWith(`${base}/`) || url.startsWith(`${base}?`);
}

/** A delivery with every attempt at it, as the delivery log shows it. */
export interface LoggedDelivery {
  readonly delivery: WebhookDelivery;
  readonly attempts: readonly DeliveryAttempt[];
}

/** How long a failed delivery stays in `GET /webhook/failed`. */
const failedWindowMs = 72 * 60 * 60 * 1000;

/**
 * The install's deliveries that failed after their last retry, oldest first: those of the last 72 hours
 * that failed after `after` (epoch milliseconds), at most `maxResults`.
 */
export async function listFailedDeliveries(
  db: Kysely<Database>,
  clock: Clock,
  clientKey: string,
  page: { readonly after: number; readonly maxResults: number },
): Promise<WebhookDelivery[]> {
  const windowStart = clock.now().getTime() - failedWindowMs;
  const after = new Date(Math.max(page.after, windowStart));
  const rows = await listFailedDeliveryRows(db, clientKey, after, page.maxResults);
  return rows.map(deliveryRowToDelivery);
}

/** A page of an app's deliveries on a site, newest first, with their attempts. */
export async function listAppDeliveries(
  db: Kysely<Database>,
  siteId: string,
  appKey: string,
  page: { startAt: number; maxResults: number },
): Promise<{ deliveries: LoggedDelivery[]; total: number }> {
  const { rows, total } = await listDeliveryRows(db, siteId, appKey, page);
  const attempts = await listDeliveryAttemptRows(
    db,
    rows.map((row) => row.delivery_id),
  );
  const deliveries = rows.map((row) => ({
    delivery: deliveryRowToDelivery(row),
    attempts: attempts.filter((a) => a.delivery_id === row.delivery_id).map(attemptRowToDeliveryAttempt),
  }));
  return { deliveries, total };
}

/** One delivery of an app on a site, or `webhook.delivery_not_found`. */
export async function getAppDelivery(
  db: Kysely<Database>,
  siteId: string,
  appKey: string,
  deliveryId: string,
): Promise<LoggedDelivery> {
  const row = await findDeliveryRow(db, deliveryId);
  if (!row || row.site_id !== siteId || row.app_key !== appKey) {
    throw new VeilError('webhook.delivery_not_found', `The app ${appKey} has no delivery ${deliveryId} here`);
  }
  const attempts = await listDeliveryAttemptRows(db, [deliveryId]);
  return { delivery: deliveryRowToDelivery(row), attempts: attempts.map(attemptRowToDeliveryAttempt) };
}

/** What one delivery is: the event, where it goes, about and by whom, and what it is about (ids). */
export interface DeliveryToWrite {
  readonly event: string;
  readonly url: string;
  readonly accountId: string;
  readonly actingAccountId: string | null;
  readonly matchedWebhookIds: readonly number[] | null;
  readonly subject?: unknown;
}

/** Writes one delivery to an install and the job that sends it, in `db`'s transaction. */
export async function writeDelivery(
  db: Kysely<Database>,
  clock: Clock,
  install: InstallRow,
  delivery: DeliveryToWrite,
): Promise<QueuedDelivery> {
  const deliveryId = randomUUID();
  const { matchedWebhookIds, subject } = delivery;
  await insertDeliveryRow(db, {
    delivery_id: deliveryId,
    client_key: install.client_key,
    site_id: install.site_id,
    app_key: install.app_key,
    event: delivery.event,
    account_id: delivery.accountId,
    acting_account_id: delivery.actingAccountId,
    url: delivery.url,
    matched_webhook_ids: matchedWebhookIds ? JSON.stringify(matchedWebhookIds) : null,
    ...(subject === undefined ? {} : { subject: JSON.stringify(subject) }),
    status: 'pending',
    last_error: null,
    created_at: clock.now(),
    finished_at: null,
  });
  await enqueueJob(db, clock, { kind: deliverWebhookJob, key: deliveryId, payload: { deliveryId } });
  return { deliveryId, appKey: install.app_key, siteId: install.site_id };
}
