import type { Kysely } from 'kysely';
import type { Clock } from '../clock/clock.ts';
import type { Database } from '../db/schema.ts';
import { queueUserEvent } from '../webhooks/webhooks.service.ts';
import type { NotifiedApp } from './erasure.model.ts';

/**
 * Tells every enabled install on the account's sites that it was deleted (`user_deleted`, in the
 * erasure's transaction, so the deliveries exist exactly when the erasure does), and names them for the
 * report. The body names the account only; there is nothing left to tell.
 */
export async function notifyAppsOfErasure(
  db: Kysely<Database>,
  clock: Clock,
  accountId: string,
): Promise<NotifiedApp[]> {
  // The deliveries are stamped with the clock as queueUserEvent reads it, after its own queries: a
  // running clock has moved on by then, so this erasure's are those written since it began, not at it.
  const since = clock.now();
  const written = await queueUserEvent(db, clock, 'user_deleted', accountId);
  if (written === 0) return [];
  const rows = await db
    .selectFrom('webhook_deliveries')
    .select(['app_key', 'site_id'])
    .distinct()
    .where('account_id', '=', accountId)
    .where('event', '=', 'user_deleted')
    .where('created_at', '>=', since)
    .orderBy('app_key')
    .orderBy('site_id')
    .execute();
  return rows.map((row) => ({ appKey: row.app_key, siteId: row.site_id }));
}
