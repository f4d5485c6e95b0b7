/** The SQL of audit records: small functions taking the executor first. */
import { type Kysely, type Selectable, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { AuditRecordsTable } from '../db/tables/audit.table.ts';

export type NewAuditRow = Omit<AuditRecordsTable, 'record_id'>;

export async function insertAuditRow(db: Kysely<Database>, row: NewAuditRow): Promise<void> {
  await db.insertInto('audit_records').values(row).execute();
}

/** Which records of a site to read: a window of time and words each of which must appear in a record. */
export interface AuditRowQuery {
  readonly siteId: string;
  readonly words: readonly string[];
  readonly from: Date | undefined;
  readonly to: Date | undefined;
  readonly offset: number;
  readonly limit: number;
}

// The text a filter word is looked for in: the fixed text, the ids and the non-personal names (a USER
// item holds its accountId only, so nobody is found by a name the reader might not see).
const searchable = sql<string>`lower(summary || ' ' || category || ' ' || event_source || ' ' || object_item
  || ' ' || associated_items || ' ' || changed_values)`;

function matching(db: Kysely<Database>, query: AuditRowQuery) {
  let select = db.selectFrom('audit_records').where('site_id', '=', query.siteId);
  if (query.from) select = select.where('created_at', '>=', query.from);
  if (query.to) select = select.where('created_at', '<=', query.to);
  for (const word of query.words)
    select = select.where(sql<boolean>`strpos(${searchable}, ${word.toLowerCase()}) > 0`);
  return select;
}

/** A page of the site's matching records, newest first, and how many match in all. */
export async function listAuditRows(
  db: Kysely<Database>,
  query: AuditRowQuery,
): Promise<{ rows: Selectable<AuditRecordsTable>[]; total: number }> {
  const rows = await matching(db, query)
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('record_id', 'desc')
    .offset(query.offset)
    .limit(query.limit)
    .execute();
  const counted = await matching(db, query)
    .select((eb) => eb.fn.countAll<string>().as('total'))
    .executeTakeFirstOrThrow();
  return { rows, total: Number(counted.total) };
}

/** The sites the account is linked to (where its life-cycle changes are recorded). */
export async function findLinkedSiteIds(db: Kysely<Database>, accountId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('site_accounts')
    .select('site_id')
    .where('account_id', '=', accountId)
    .orderBy('site_id')
    .execute();
  return rows.map((row) => row.site_id);
}
