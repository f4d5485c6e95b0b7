/** An explicit visibility choice for one field of one account; fields without a row take the defaults. */
export interface VisibilitySettingsTable {
  account_id: string;
  field: string;
  visibility: string;
  locked_by_organization_id: string | null;
}

export interface VisibilityTables {
  visibility_settings: VisibilitySettingsTable;
}
