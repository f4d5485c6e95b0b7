/**
 * Audit records: what a site's admins (and apps, and Veil itself) did there. Pure types and mappers.
 * A record holds fixed text, ids and accountIds: a person is an accountId (the author, a USER item) whose
 * name is rendered for the reader when read, never stored; the IP address of the caller is not kept.
 */
import type { Selectable } from 'kysely';
import type { AuditRecordsTable } from '../db/tables/audit.table.ts';

/** The kinds of item a record names; a USER item's id is an accountId and it never carries a name. */
export type AuditItemType =
  | 'USER'
  | 'GROUP'
  | 'APP'
  | 'SITE'
  | 'PROJECT'
  | 'PROJECT_ROLE'
  | 'PRODUCT'
  | 'EMAIL_API';

/** An item of a record (the object, or an associated one). */
export interface AuditItem {
  readonly id: string;
  readonly typeName: AuditItemType;
  /** The item's name: a group's, an app's key; never for a USER item (rendered when read). */
  readonly name?: string;
  readonly parentId?: string;
  readonly parentName?: string;
}

/** A value the action changed: never a name, an address or a token (an active flag, a product, a group). */
export interface AuditChange {
  readonly fieldName: string;
  readonly changedFrom?: string;
  readonly changedTo?: string;
}

/** What an admin action records; the text is fixed, chosen by the action, never made from personal values. */
export interface AuditEntry {
  /** The person or app that did it, or null when Veil did (an erasure job). */
  readonly authorAccountId: string | null;
  readonly category: AuditCategory;
  readonly summary: string;
  readonly description?: string;
  readonly eventSource: AuditEventSource;
  readonly objectItem: AuditItem;
  readonly associatedItems?: readonly AuditItem[];
  readonly changedValues?: readonly AuditChange[];
}

export type AuditCategory = 'user management' | 'group management' | 'permissions' | 'apps' | 'projects';
/** Where the action came from: the tracker's or the wiki's API, Veil's own API, or Veil itself. */
export type AuditEventSource = 'tracker' | 'wiki' | 'Veil' | 'Veil admin' | 'Connect';

/** A stored record. */
export interface AuditRecord extends Required<Omit<AuditEntry, 'description'>> {
  readonly recordId: number;
  readonly siteId: string;
  readonly created: Date;
  readonly description: string;
}

/** The item as stored: a USER item keeps its accountId and type only (its name is rendered when read). */
export function storableItem(item: AuditItem): AuditItem {
  return item.typeName === 'USER' ? { id: item.id, typeName: 'USER' } : item;
}

/** The record of a row. */
export function auditRowToRecord(row: Selectable<AuditRecordsTable>): AuditRecord {
  return {
    recordId: Number(row.record_id),
    siteId: row.site_id,
    created: row.created_at,
    authorAccountId: row.author_account_id,
    category: row.category as AuditCategory,
    summary: row.summary,
    description: row.description,
    eventSource: row.event_source as AuditEventSource,
    objectItem: JSON.parse(row.object_item) as AuditItem,
    associatedItems: JSON.parse(row.associated_items) as AuditItem[],
    changedValues: JSON.parse(row.changed_values) as AuditChange[],
  };
}
