/** An app's application for the Email API; the status itself is the app's (`connect_apps.email_api_status`). */
export interface EmailApiApplicationsTable {
  app_key: string;
  /** JSON array of the use cases the app gave. */
  use_cases: string;
  /** Who applied for the app (an admin of a site it is installed on). */
  applied_by: string;
  applied_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
}

export interface EmailApiTables {
  email_api_applications: EmailApiApplicationsTable;
}
