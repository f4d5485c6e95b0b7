/**
 * Data-access records: every read of a field that the person did not make public to everyone (an Email
 * API read, an admin's look) is one row, written before the value leaves, so the log the person sees is
 * never shorter than what was read.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Clock } from '../clock/clock.ts';
import type { Database } from '../db/schema.ts';
import type { FieldReadsTable } from '../db/tables/access-log.table.ts';
import type { ProfileField } from '../visibility/visibility.ts';

/** What was read, by whom. */
export interface FieldRead {
  readonly accountId: string;
  readonly readerKind: 'app' | 'admin';
  /** The app key, or the admin's accountId. */
  readonly readerId: string;
  readonly siteId: string | null;
  readonly field: ProfileField;
}

/** A recorded read, with when it happened. */
export interface RecordedFieldRead extends FieldRead {
  readonly readAt: Date;
}

/** Records one read, at the clock's now, in the caller's transaction. */
export async function recordFieldRead(db: Kysely<Database>, clock: Clock, read: FieldRead): Promise<void> {
  await recordFieldReads(db, clock, [read]);
}

/** Records several reads at once (a bulk read), at the clock's now. */
export async function recordFieldReads(
  db: Kysely<Database>,
  clock: Clock,
  reads: readonly FieldRead[],
): Promise<void> {
  if (reads.length === 0) return;
  const readAt = clock.now();
  await db
    .insertInto('field_reads')
    .values(
      reads.map((read) => ({
        account_id: read.accountId,
        reader_kind: read.readerKind,
        reader_id: read.readerId,
        site_id: read.siteId,
        field: read.field,
        read_at: readAt,
      })),
    )
    .execute();
}

/** The reads of an account's fields, newest first. */
export async function listFieldReads(
  db: Kysely<Database>,
  accountId: string,
  page: { readonly limit: number; readonly since?: Date } = { limit: 100 },
): Promise<RecordedFieldRead[]> {
  let query = db.selectFrom('field_reads').selectAll().where('account_id', '=', accountId);
  if (page.since) query = query.where('read_at', '>=', page.since);
  const rows = await query.orderBy('read_at', 'desc').orderBy('read_id', 'desc').limit(page.limit).execute();
  return rows.map(fieldReadRowToRead);
}

/** Maps a stored read to the domain one. */
export function fieldReadRowToRead(row: Selectable<FieldReadsTable>): RecordedFieldRead {
  return {
    accountId: row.account_id,
    readerKind: row.reader_kind,
    readerId: row.reader_id,
    siteId: row.site_id,
    field: row.field as ProfileField,
    readAt: row.read_at,
  };
}
