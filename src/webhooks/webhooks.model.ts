import type { Selectable } from 'kysely';
import type {
  WebhookDeliveriesTable,
  WebhookDeliveryAttemptsTable,
  WebhooksTable,
} from '../db/tables/webhooks.table.ts';

/** The account events Veil sends now. */
export const userEvents = ['user_created', 'user_updated', 'user_deleted'] as const;
export type UserEvent = (typeof userEvents)[number];

/** The tracker's issue events Veil sends (to descriptor webhooks and registered ones). */
export const sentIssueEvents = [
  'jira:issue_created',
  'jira:issue_updated',
  'jira:issue_deleted',
  'comment_created',
  'comment_updated',
  'comment_deleted',
  'worklog_created',
  'worklog_updated',
  'worklog_deleted',
] as const;
export type IssueEvent = (typeof sentIssueEvents)[number];

/** The tracker's issue events that dynamic webhooks may name (issue properties: stored, never sent). */
export const issueEvents = [...sentIssueEvents, 'issue_property_set', 'issue_property_deleted'] as const;

/** Every event a dynamic webhook may be registered for. */
export const registrableEvents: readonly string[] = [...issueEvents, ...userEvents];

/**
 * What an issue event tells of, by id only (a delivery's `subject`): the body is rendered from the rows
 * when it is sent. The key and project stay for an issue deleted before then.
 */
export interface IssueEventSubject {
  readonly issueId: string;
  readonly issueKey: string;
  readonly projectKey: string;
  readonly commentId?: string;
  readonly worklogId?: string;
  readonly historyId?: string;
}

/** The tracker's project events Veil sends to the apps whose descriptors declare them (issue 15). */
export const projectEvents = ['project_created', 'project_updated', 'project_deleted'] as const;
export type ProjectEvent = (typeof projectEvents)[number];

/** What a project event tells of: ids, and (for a deleted project) its key, name and lead's accountId. */
export interface ProjectEventSubject {
  readonly projectId: string;
  readonly projectKey: string;
  readonly deleted?: { readonly name: string; readonly leadId: string | null };
}

/** Whether a delivery's event is a project event (its body comes from the project renderer). */
export function isProjectEvent(event: string): event is ProjectEvent {
  return (projectEvents as readonly string[]).includes(event);
}

/**
 * The wiki's content events Veil sends to the wiki's installs whose descriptors declare them (issue 15).
 * `comment_created`/`comment_updated` share their names with the tracker's: the install's product tells them apart.
 */
export const wikiEvents = [
  'page_created',
  'page_updated',
  'page_removed',
  'comment_created',
  'comment_updated',
  'comment_removed',
] as const;
export type WikiEvent = (typeof wikiEvents)[number];

/** What a wiki event tells of: the content's id, and (removed) what it was, people by accountId only. */
export interface WikiEventSubject {
  readonly contentId: string;
  readonly removed?: WikiRemovedContent;
}

/** A removed page or comment as its delivery keeps it (a comment keeps its page too). */
export interface WikiRemovedContent {
  readonly id: string;
  readonly title: string;
  readonly spaceKey: string;
  readonly version: number;
  readonly creatorId: string | null;
  readonly versionAuthorId: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly parent?: WikiRemovedContent;
}

/** Whether a delivery's event is one of the wiki's (sent only to the wiki's installs). */
export function isWikiEvent(event: string): event is WikiEvent {
  return (wikiEvents as readonly string[]).includes(event);
}

/** Whether a delivery's event is an issue event (its body comes from the issue renderer). */
export function isIssueEvent(event: string): event is IssueEvent {
  return (sentIssueEvents as readonly string[]).includes(event);
}

/** The tracker's filter events Veil sends (to descriptor webhooks; the REST registration does not take them). */
export const filterEvents = ['filter_created', 'filter_updated', 'filter_deleted'] as const;
export type FilterEvent = (typeof filterEvents)[number];

/** What a filter event tells of: the filter's id only (the body is rendered from its row when sent). */
export interface FilterEventSubject {
  readonly filterId: string;
}

/** Whether a delivery's event is a filter event (its body comes from the filter renderer). */
export function isFilterEvent(event: string): event is FilterEvent {
  return (filterEvents as readonly string[]).includes(event);
}

/** Registered webhooks live this long unless refreshed. */
export const webhookLifetimeMs = 30 * 24 * 60 * 60 * 1000;

/** A webhook registered through the REST API. */
export interface DynamicWebhook {
  readonly webhookId: number;
  readonly clientKey: string;
  readonly url: string;
  readonly events: readonly string[];
  readonly jqlFilter: string | null;
  readonly fieldIdsFilter: readonly string[] | null;
  readonly issuePropertyKeysFilter: readonly string[] | null;
  readonly expiresAt: Date;
}

export type DeliveryStatus = WebhookDeliveriesTable['status'];

/** One webhook to one install, with every attempt at it (for the delivery log). */
export interface WebhookDelivery {
  readonly deliveryId: string;
  readonly clientKey: string;
  readonly siteId: string;
  readonly appKey: string;
  readonly event: string;
  readonly accountId: string;
  readonly actingAccountId: string | null;
  readonly url: string;
  readonly matchedWebhookIds: readonly number[] | null;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly createdAt: Date;
  readonly finishedAt: Date | null;
}

export interface DeliveryAttempt {
  readonly attempt: number;
  readonly attemptedAt: Date;
  readonly responseStatus: number | null;
  readonly outcome: WebhookDeliveryAttemptsTable['outcome'];
  readonly error: string | null;
}

function parseList<T>(text: string | null): T[] | null {
  return text === null ? null : (JSON.parse(text) as T[]);
}

/** Maps a stored registered webhook to the domain one. */
export function webhookRowToWebhook(row: Selectable<WebhooksTable>): DynamicWebhook {
  return {
    webhookId: row.webhook_id,
    clientKey: row.client_key,
    url: row.url,
    events: JSON.parse(row.events) as string[],
    jqlFilter: row.jql_filter,
    fieldIdsFilter: parseList<string>(row.field_ids_filter),
    issuePropertyKeysFilter: parseList<string>(row.issue_property_keys_filter),
    expiresAt: row.expires_at,
  };
}

/** Maps a stored delivery to the domain one. */
export function deliveryRowToDelivery(row: Selectable<WebhookDeliveriesTable>): WebhookDelivery {
  return {
    deliveryId: row.delivery_id,
    clientKey: row.client_key,
    siteId: row.site_id,
    appKey: row.app_key,
    event: row.event,
    accountId: row.account_id,
    actingAccountId: row.acting_account_id,
    url: row.url,
    matchedWebhookIds: parseList<number>(row.matched_webhook_ids),
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}

/** Maps a stored attempt to the domain one. */
export function attemptRowToDeliveryAttempt(row: Selectable<WebhookDeliveryAttemptsTable>): DeliveryAttempt {
  return {
    attempt: row.attempt,
    attemptedAt: row.attempted_at,
    responseStatus: row.response_status,
    outcome: row.outcome,
    error: row.error,
  };
}
