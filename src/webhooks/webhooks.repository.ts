import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { InstallRow } from '../apps/apps.repository.ts';
import type { Database } from '../db/schema.ts';
import type {
  WebhookDeliveriesTable,
  WebhookDeliveryAttemptsTable,
  WebhooksTable,
} from '../db/tables/webhooks.table.ts';

export type WebhookRow = Selectable<WebhooksTable>;
export type DeliveryRow = Selectable<WebhookDeliveriesTable>;
export type DeliveryAttemptRow = Selectable<WebhookDeliveryAttemptsTable>;

/** The live, enabled installs on these sites: the ones webhooks go to. */
export async function findEnabledInstallRows(
  db: Kysely<Database>,
  siteIds: readonly string[],
): Promise<InstallRow[]> {
  if (siteIds.length === 0) return [];
  return db
    .selectFrom('connect_installs')
    .selectAll()
    .where('site_id', 'in', siteIds)
    .where('status', '=', 'installed')
    .where('enabled', '=', true)
    .orderBy('installed_at')
    .orderBy('client_key')
    .execute();
}

/**
 * Locks the install's row until the caller's transaction ends: registrations of one app on one site
 * are counted one after the other, so parallel ones cannot pass the limit together.
 */
export async function lockInstallRowForWebhooks(db: Kysely<Database>, clientKey: string): Promise<void> {
  await db
    .selectFrom('connect_installs')
    .select('client_key')
    .where('client_key', '=', clientKey)
    .forNoKeyUpdate()
    .execute();
}

export async function insertWebhookRow(
  db: Kysely<Database>,
  row: Insertable<WebhooksTable>,
): Promise<number> {
  const inserted = await db
    .insertInto('webhooks')
    .values(row)
    .returning('webhook_id')
    .executeTakeFirstOrThrow();
  return inserted.webhook_id;
}

/** The install's registered webhooks that have not expired, oldest first. */
export async function listLiveWebhookRows(
  db: Kysely<Database>,
  clientKeys: readonly string[],
  now: Date,
): Promise<WebhookRow[]> {
  if (clientKeys.length === 0) return [];
  return db
    .selectFrom('webhooks')
    .selectAll()
    .where('client_key', 'in', clientKeys)
    .where('expires_at', '>', now)
    .orderBy('webhook_id')
    .execute();
}

/** Drops the install's webhooks among `ids`; others' ids are ignored. */
export async function deleteWebhookRows(
  db: Kysely<Database>,
  clientKey: string,
  ids: readonly number[],
): Promise<void> {
  if (ids.length === 0) return;
  await db
    .deleteFrom('webhooks')
    .where('client_key', '=', clientKey)
    .where('webhook_id', 'in', ids)
    .execute();
}

/** Drops the install's expired webhooks. */
export async function deleteExpiredWebhookRows(db: Kysely<Database>, clientKey: string, now: Date) {
  await db
    .deleteFrom('webhooks')
    .where('client_key', '=', clientKey)
    .where('expires_at', '<=', now)
    .execute();
}

/** Moves the expiry of the install's live webhooks among `ids`. */
export async function refreshWebhookRows(
  db: Kysely<Database>,
  clientKey: string,
  ids: readonly number[],
  now: Date,
  expiresAt: Date,
): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('webhooks')
    .set({ expires_at: expiresAt })
    .where('client_key', '=', clientKey)
    .where('webhook_id', 'in', ids)
    .where('expires_at', '>', now)
    .execute();
}

export async function insertDeliveryRow(
  db: Kysely<Database>,
  row: Insertable<WebhookDeliveriesTable>,
): Promise<void> {
  await db.insertInto('webhook_deliveries').values(row).execute();
}

export async function findDeliveryRow(
  db: Kysely<Database>,
  deliveryId: string,
): Promise<DeliveryRow | undefined> {
  return db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('delivery_id', '=', deliveryId)
    .executeTakeFirst();
}

/** A page of an app's deliveries on a site, newest first, and how many there are. */
export async function listDeliveryRows(
  db: Kysely<Database>,
  siteId: string,
  appKey: string,
  page: { startAt: number; maxResults: number },
): Promise<{ rows: DeliveryRow[]; total: number }> {
  const scoped = db
    .selectFrom('webhook_deliveries')
    .where('site_id', '=', siteId)
    .where('app_key', '=', appKey);
  const [rows, count] = await Promise.all([
    scoped.selectAll().orderBy('seq', 'desc').offset(page.startAt).limit(page.maxResults).execute(),
    scoped.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.total) };
}

export async function listDeliveryAttemptRows(
  db: Kysely<Database>,
  deliveryIds: readonly string[],
): Promise<DeliveryAttemptRow[]> {
  if (deliveryIds.length === 0) return [];
  return db
    .selectFrom('webhook_delivery_attempts')
    .selectAll()
    .where('delivery_id', 'in', deliveryIds)
    .orderBy('delivery_id')
    .orderBy('attempt')
    .execute();
}

/** Records an attempt (a repeated attempt number replaces the record of the one cut short) and moves the delivery on. */
export async function recordDeliveryAttemptRow(
  db: Kysely<Database>,
  attempt: Insertable<WebhookDeliveryAttemptsTable>,
  delivery: Updateable<WebhookDeliveriesTable>,
): Promise<void> {
  await db
    .insertInto('webhook_delivery_attempts')
    .values(attempt)
    .onConflict((oc) =>
      oc.columns(['delivery_id', 'attempt']).doUpdateSet({
        attempted_at: attempt.attempted_at,
        response_status: attempt.response_status ?? null,
        outcome: attempt.outcome,
        error: attempt.error ?? null,
      }),
    )
    .execute();
  await updateDeliveryRow(db, attempt.delivery_id, delivery);
}

export async function updateDeliveryRow(
  db: Kysely<Database>,
  deliveryId: string,
  changes: Updateable<WebhookDeliveriesTable>,
): Promise<void> {
  await db.updateTable('webhook_deliveries').set(changes).where('delivery_id', '=', deliveryId).execute();
}

/** The install's deliveries that failed after `after` (and within the window), oldest failure first. */
export async function listFailedDeliveryRows(
  db: Kysely<Database>,
  clientKey: string,
  after: Date,
  limit: number,
): Promise<DeliveryRow[]> {
  return db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('client_key', '=', clientKey)
    .where('status', '=', 'failed')
    .where('finished_at', '>', after)
    .orderBy('finished_at')
    .orderBy('seq')
    .limit(limit)
    .execute();
}

/** The account of each app named (its app user), by app key. */
export async function findAppAccountIds(
  db: Kysely<Database>,
  appKeys: readonly string[],
): Promise<Map<string, string>> {
  if (appKeys.length === 0) return new Map();
  const rows = await db
    .selectFrom('connect_apps')
    .select(['app_key', 'account_id'])
    .where('app_key', 'in', [...new Set(appKeys)])
    .execute();
  return new Map(rows.map((row) => [row.app_key, row.account_id]));
}
