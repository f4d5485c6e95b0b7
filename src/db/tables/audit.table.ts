import type { Generated } from 'kysely';

/** A site's audit records (src/audit): fixed text, ids and accountIds only, never a name or an address. */
export interface AuditRecordsTable {
  record_id: Generated<string>;
  site_id: string;
  created_at: Date;
  /** Who did it: a person's or an app's accountId, or null when Veil itself did (an erasure job). */
  author_account_id: string | null;
  category: string;
  summary: string;
  description: string;
  event_source: string;
  /** JSON text of one item: `{ id, typeName, name?, parentId?, parentName? }` (USER items: no name). */
  object_item: string;
  /** JSON text of a list of items. */
  associated_items: string;
  /** JSON text of `[{ fieldName, changedFrom?, changedTo? }]`, never personal. */
  changed_values: string;
}

export interface AuditTables {
  audit_records: AuditRecordsTable;
}
