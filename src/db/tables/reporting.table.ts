/**
 * What each app reported storing (personal-data reporting): one row per app and reported accountId,
 * known or not (an app must not learn from the answers, nor from their timing, which ids exist).
 */
export interface ReportedAccountsTable {
  app_key: string;
  account_id: string;
  first_reported_at: Date;
  last_reported_at: Date;
  /** The `updatedAt` the app sent: when it last fetched or changed the account's data. */
  reported_updated_at: Date;
  last_site_id: string | null;
  /** When Veil first answered `closed` for this account to this app. */
  closed_answered_at: Date | null;
}

/** Per app: when it first and last reported, for the overdue list. */
export interface ReportingAppsTable {
  app_key: string;
  first_report_at: Date;
  last_report_at: Date;
  reports: number;
}

export interface ReportingTables {
  reported_accounts: ReportedAccountsTable;
  reporting_apps: ReportingAppsTable;
}
