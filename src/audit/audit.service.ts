/**
 * Writing and reading a site's audit records. `recordAudit` is called by every admin action with the
 * executor of its own transaction, so the record and the change are one: both or neither.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../clock/clock.ts';
import type { Database } from '../db/schema.ts';
import { type AuditEntry, type AuditRecord, auditRowToRecord, storableItem } from './audit.model.ts';
import { type AuditRowQuery, findLinkedSiteIds, insertAuditRow, listAuditRows } from './audit.repository.ts';

/**
 * Records an admin action on the site, in the caller's transaction (`trx`). The entry's text is fixed;
 * a USER item keeps only its accountId (its name is rendered for whoever reads the record).
 */
export async function recordAudit(
  trx: Kysely<Database>,
  clock: Clock,
  siteId: string,
  entry: AuditEntry,
): Promise<void> {
  await insertAuditRow(trx, {
    site_id: siteId,
    created_at: clock.now(),
    author_account_id: entry.authorAccountId,
    category: entry.category,
    summary: entry.summary,
    description: entry.description ?? '',
    event_source: entry.eventSource,
    object_item: JSON.stringify(storableItem(entry.objectItem)),
    associated_items: JSON.stringify((entry.associatedItems ?? []).map(storableItem)),
    changed_values: JSON.stringify(entry.changedValues ?? []),
  });
}

/** Records the same action on each of the sites (an account's life-cycle change touches every site it is on). */
export async function recordAuditOnSites(
  trx: Kysely<Database>,
  clock: Clock,
  siteIds: readonly string[],
  entry: AuditEntry,
): Promise<void> {
  for (const siteId of siteIds) await recordAudit(trx, clock, siteId, entry);
}

/** Records a change of the account's life cycle on every site it is linked to, in the caller's transaction. */
export async function recordAuditOnAccountSites(
  trx: Kysely<Database>,
  clock: Clock,
  accountId: string,
  entry: AuditEntry,
): Promise<void> {
  await recordAuditOnSites(trx, clock, await findLinkedSiteIds(trx, accountId), entry);
}

/** A page of the site's records, newest first, and the number matching. */
export async function listAuditRecords(
  db: Kysely<Database>,
  query: AuditRowQuery,
): Promise<{ records: AuditRecord[]; total: number }> {
  const { rows, total } = await listAuditRows(db, query);
  return { records: rows.map(auditRowToRecord), total };
}
