import type { Generated } from 'kysely';

/** A webhook an app registered through `POST /rest/api/3/webhook`, for one install; it expires. */
export interface WebhooksTable {
  webhook_id: Generated<number>;
  client_key: string;
  /** Absolute, under the app's base URL. */
  url: string;
  /** JSON array of event names. */
  events: string;
  jql_filter: string | null;
  /** JSON arrays, or null when not given. */
  field_ids_filter: string | null;
  issue_property_keys_filter: string | null;
  expires_at: Date;
  created_at: Date;
}

/**
 * One webhook to send to one install at one URL. Its id is the `x-atlassian-webhook-identifier`, the
 * same on every attempt. No personal data: the user in the body is rendered when it is sent.
 */
export interface WebhookDeliveriesTable {
  delivery_id: string;
  /** Order of writing: deliveries of one moment (by the injected clock) still list in order. */
  seq: Generated<number>;
  client_key: string;
  site_id: string;
  app_key: string;
  event: string;
  /** Whom the event is about. */
  account_id: string;
  /** Who made the change, when a person did: the JWT's `sub`. */
  acting_account_id: string | null;
  /** Absolute, with the descriptor's `${…}` substitutions made. */
  url: string;
  /** JSON array of the registered webhooks it answers to (`matchedWebhookIds`); null for descriptor ones. */
  matched_webhook_ids: string | null;
  /** For an issue event, what it tells of: JSON of ids (`IssueEventSubject`); null for account events. */
  subject: string | null;
  status: 'pending' | 'delivered' | 'failed' | 'dropped';
  attempts: Generated<number>;
  last_error: string | null;
  created_at: Date;
  finished_at: Date | null;
}

/** Every attempt at a delivery: when, what the app answered, how it ended. */
export interface WebhookDeliveryAttemptsTable {
  delivery_id: string;
  attempt: number;
  attempted_at: Date;
  response_status: number | null;
  outcome: 'delivered' | 'retrying' | 'failed';
  error: string | null;
}

export interface WebhookTables {
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_delivery_attempts: WebhookDeliveryAttemptsTable;
}
