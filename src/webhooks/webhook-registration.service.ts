/**
 * Webhooks that apps register through the REST API (`/rest/api/3/webhook`): one URL per install, under
 * the app's base URL, at most 100, each living 30 days unless refreshed. Registration answers per
 * webhook: its new id, or why it was not made.
 */
import type { Kysely } from 'kysely';
import type { Install } from '../apps/apps.model.ts';
import { resolveAppUrl } from '../apps/descriptor.validate.ts';
import { getInstalledApp } from '../apps/installed-apps.service.ts';
import type { Clock } from '../clock/clock.ts';
import type { Database } from '../db/schema.ts';
import { VeilError } from '../errors/veil-error.ts';
import { parseJql } from '../jql/jql.parser.ts';
import {
  type DynamicWebhook,
  issueEvents,
  registrableEvents,
  webhookLifetimeMs,
  webhookRowToWebhook,
} from './webhooks.model.ts';
import {
  deleteExpiredWebhookRows,
  deleteWebhookRows,
  insertWebhookRow,
  listLiveWebhookRows,
  lockInstallRowForWebhooks,
  refreshWebhookRows,
} from './webhooks.repository.ts';
import { descriptorWebhooks, isUnderAppBaseUrl } from './webhooks.service.ts';

/** Registered webhooks one install may hold. */
export const maxWebhooksPerInstall = 100;

/** One webhook asked for, as the API takes it. */
export interface WebhookRequest {
  readonly events: readonly string[];
  readonly jqlFilter?: string;
  readonly fieldIdsFilter?: readonly string[];
  readonly issuePropertyKeysFilter?: readonly string[];
}

export type RegistrationResult = { createdWebhookId: number } | { errors: string[] };

/**
 * Registers webhooks for the install at `url`, in one transaction that makes it all or nothing and holds
 * the install's row meanwhile, so the limit is counted against what parallel registrations wrote.
 */
export async function registerWebhooks(
  db: Kysely<Database>,
  clock: Clock,
  install: Install,
  rawUrl: string,
  requests: readonly WebhookRequest[],
): Promise<RegistrationResult[]> {
  return db.transaction().execute((trx) => insertWebhooks(trx, clock, install, rawUrl, requests));
}

async function insertWebhooks(
  db: Kysely<Database>,
  clock: Clock,
  install: Install,
  rawUrl: string,
  requests: readonly WebhookRequest[],
): Promise<RegistrationResult[]> {
  const url = readWebhookUrl(install, rawUrl);
  const now = clock.now();
  await lockInstallRowForWebhooks(db, install.clientKey);
  await deleteExpiredWebhookRows(db, install.clientKey, now);
  const existing = await listLiveWebhookRows(db, [install.clientKey], now);
  const otherUrl = existing.find((row) => row.url !== url);
  let room = maxWebhooksPerInstall - existing.length;
  const results: RegistrationResult[] = [];
  for (const request of requests) {
    const errors = otherUrl
      ? [`Only a single URL per app is allowed to be registered; this app already uses ${otherUrl.url}`]
      : findWebhookProblems(request, room);
    if (errors.length > 0) {
      results.push({ errors });
      continue;
    }
    const createdWebhookId = await insertWebhookRow(db, {
      client_key: install.clientKey,
      url,
      events: JSON.stringify([...new Set(request.events)]),
      jql_filter: request.jqlFilter ?? null,
      field_ids_filter: request.fieldIdsFilter ? JSON.stringify(request.fieldIdsFilter) : null,
      issue_property_keys_filter: request.issuePropertyKeysFilter
        ? JSON.stringify(request.issuePropertyKeysFilter)
        : null,
      expires_at: new Date(now.getTime() + webhookLifetimeMs),
      created_at: now,
    });
    room -= 1;
    results.push({ createdWebhookId });
  }
  return results;
}

/** The install's live registered webhooks, oldest first. */
export async function listWebhooks(
  db: Kysely<Database>,
  clock: Clock,
  install: Install,
): Promise<DynamicWebhook[]> {
  return (await listLiveWebhookRows(db, [install.clientKey], clock.now())).map(webhookRowToWebhook);
}

/** A webhook an app's install subscribes to: declared in its descriptor, or registered (live ones). */
export type Subscription =
  | { readonly source: 'descriptor'; readonly events: string[]; readonly url: string }
  | {
      readonly source: 'registered';
      readonly events: string[];
      readonly url: string;
      readonly webhookId: number;
      readonly expiresAt: Date;
    };

/** The webhooks of the app on the site: those its descriptor declares, then the live registered ones. */
export async function listSubscriptions(
  db: Kysely<Database>,
  clock: Clock,
  siteId: string,
  appKey: string,
): Promise<Subscription[]> {
  const { install } = await getInstalledApp(db, siteId, appKey);
  const declared = descriptorWebhooks(install.descriptor).map((webhook) => ({
    source: 'descriptor' as const,
    events: [webhook.event],
    url: resolveAppUrl(install.descriptor, webhook.url),
  }));
  const registered = (await listWebhooks(db, clock, install)).map((webhook) => ({
    source: 'registered' as const,
    events: [...webhook.events],
    url: webhook.url,
    webhookId: webhook.webhookId,
    expiresAt: webhook.expiresAt,
  }));
  return [...declared, ...registered];
}

/** Removes the install's webhooks among `ids`; ids of other apps (or unknown) are ignored. */
export async function removeWebhooks(db: Kysely<Database>, install: Install, ids: readonly number[]) {
  await deleteWebhookRows(db, install.clientKey, ids);
}

/** Gives the install's live webhooks among `ids` 30 more days from now; the new expiry. */
export async function refreshWebhooks(
  db: Kysely<Database>,
  clock: Clock,
  install: Install,
  ids: readonly number[],
): Promise<Date> {
  const now = clock.now();
  const expiresAt = new Date(now.getTime() + webhookLifetimeMs);
  await refreshWebhookRows(db, install.clientKey, ids, now, expiresAt);
  return expiresAt;
}

/** The absolute URL webhooks go to: under the app's base URL (a path is taken relative to it). */
function readWebhookUrl(install: Install, rawUrl: string): string {
  const url = rawUrl.startsWith('/') ? resolveAppUrl(install.descriptor, rawUrl) : rawUrl;
  if (!isUnderAppBaseUrl(install.descriptor, url)) {
    throw new VeilError('request.invalid', `The webhook URL must use the app's base URL ${install.baseUrl}`, [
      { path: 'url', message: `must be under ${install.baseUrl}` },
    ]);
  }
  return url;
}

function findWebhookProblems(request: WebhookRequest, room: number): string[] {
  const problems: string[] = [];
  if (request.events.length === 0) problems.push('Name at least one event');
  for (const event of request.events) {
    if (!registrableEvents.includes(event)) problems.push(`The event ${event} is not supported`);
  }
  const forIssues = request.events.some((event) => (issueEvents as readonly string[]).includes(event));
  if (forIssues && request.jqlFilter === undefined) {
    problems.push('Issue events need a jqlFilter');
  } else if (request.jqlFilter !== undefined) {
    const parsed = parseJql(request.jqlFilter);
    if (!parsed.ok) problems.push(`The jqlFilter is not valid JQL: ${parsed.error.message}`);
  }
  if (problems.length === 0 && room <= 0) {
    problems.push(`An app may register at most ${maxWebhooksPerInstall} webhooks on a site`);
  }
  return problems;
}
