/** The tables of the migration period (the stage and the legacy identities live on `sites` and `site_accounts`). */
export interface MigrationTables {
  site_user_fields: { site_id: string; field_id: number; name: string; name_normalized: string };
  legacy_usage: {
    site_id: string;
    client_kind: 'api-token' | 'session' | 'app' | 'anonymous';
    client_id: string;
    account_id: string | null;
    operation: string;
    calls: number;
    refused_calls: number;
    first_seen: Date;
    last_seen: Date;
  };
}
