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
  const written = await queueUserEvent(db, clock, 'user_deleted', accountId);
  // An app with several URLs for the event gets several deliveries; the report names it once per site.
  const notified = new Map(written.map((d) => [`${d.appKey}\n${d.siteId}`, d]));
  return [...notified.values()]
    .map(({ appKey, siteId }) => ({ appKey, siteId }))
    .sort((a, b) => a.appKey.localeCompare(b.appKey) || a.siteId.localeCompare(b.siteId));
}
