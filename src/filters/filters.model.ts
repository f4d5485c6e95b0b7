/** Filters and their share permissions as the capability uses them (rows hold accountIds only). */
import type { ShareKind } from '../db/tables/filters.table.ts';

export type { ShareKind };

/** A saved search: its JQL holds accountIds. */
export interface Filter {
  readonly id: string;
  readonly siteId: string;
  readonly ownerId: string;
  readonly name: string;
  readonly description: string;
  readonly jql: string;
  /** How many people chose it as a favourite. */
  readonly favouritedCount: number;
}

/** Who a filter (or dashboard) is shared with, with the names of the group and project it names. */
export interface SharePermission {
  readonly id: string;
  readonly kind: ShareKind;
  readonly accountId: string | null;
  readonly group: { readonly groupId: string; readonly name: string } | null;
  readonly project: { readonly id: string; readonly key: string; readonly name: string } | null;
  readonly roleId: string | null;
}

/** A share permission to write: the ids it names, checked against the site. */
export interface NewSharePermission {
  readonly kind: ShareKind;
  readonly accountId: string | null;
  readonly groupId: string | null;
  readonly projectId: string | null;
  readonly roleId: string | null;
}

/** Who reads filters: their account and groups, whether signed in, whether they administer the site. */
export interface ShareReader {
  readonly accountId: string | null;
  readonly groupIds: readonly string[];
  readonly signedIn: boolean;
  readonly admin: boolean;
}

export interface FilterRow {
  filter_id: string;
  site_id: string;
  owner_id: string;
  name: string;
  description: string;
  jql: string;
  favourited_count: string | number;
}

export function filterRowToFilter(row: FilterRow): Filter {
  return {
    id: String(row.filter_id),
    siteId: row.site_id,
    ownerId: row.owner_id,
    name: row.name,
    description: row.description,
    jql: row.jql,
    favouritedCount: Number(row.favourited_count),
  };
}

export interface SharePermissionRow {
  permission_id: string;
  kind: ShareKind;
  account_id: string | null;
  group_id: string | null;
  group_name: string | null;
  project_id: string | null;
  project_key: string | null;
  project_name: string | null;
  role_id: string | null;
}

export function sharePermissionRowToSharePermission(row: SharePermissionRow): SharePermission {
  return {
    id: String(row.permission_id),
    kind: row.kind,
    accountId: row.account_id,
    group: row.group_id !== null ? { groupId: row.group_id, name: row.group_name ?? '' } : null,
    project:
      row.project_id !== null
        ? { id: row.project_id, key: row.project_key ?? '', name: row.project_name ?? '' }
        : null,
    roleId: row.role_id,
  };
}
