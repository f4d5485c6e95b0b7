import type { Generated } from 'kysely';

/** A saved search of a site's issues: its JQL holds accountIds, never usernames. */
export interface FiltersTable {
  filter_id: Generated<string>;
  site_id: string;
  owner_id: string;
  name: string;
  /** The name lower-cased: unique per owner on the site. */
  name_normalized: string;
  description: Generated<string>;
  jql: string;
  created_at: Date;
  updated_at: Date;
}

export interface DashboardsTable {
  dashboard_id: Generated<string>;
  site_id: string;
  owner_id: string;
  name: string;
  name_normalized: string;
  description: Generated<string>;
  created_at: Date;
  updated_at: Date;
}

export type ShareKind = 'user' | 'group' | 'project' | 'projectRole' | 'global' | 'loggedin';

/** Who a filter or a dashboard is shared with (or, `edit`, who may edit it). */
export interface SharePermissionsTable {
  permission_id: Generated<string>;
  filter_id: string | null;
  dashboard_id: string | null;
  edit: Generated<boolean>;
  kind: ShareKind;
  account_id: string | null;
  group_id: string | null;
  project_id: string | null;
  role_id: string | null;
}

/** A person's favourite filter or dashboard. */
export interface FavouritesTable {
  filter_id: string | null;
  dashboard_id: string | null;
  account_id: string;
  created_at: Date;
}

export interface FilterTables {
  filters: FiltersTable;
  dashboards: DashboardsTable;
  share_permissions: SharePermissionsTable;
  favourites: FavouritesTable;
}
