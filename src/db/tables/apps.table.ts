/**
 * One row per Connect app key: its name, its one account (the same on every site) and its Email API
 * status. What it may do and where it lives are per install: an admin of one site cannot change them
 * for another.
 */
export interface ConnectAppsTable {
  app_key: string;
  name: string;
  account_id: string;
  email_api_status: 'pending' | 'approved' | 'rejected' | null;
  created_at: Date;
  updated_at: Date;
}

/**
 * An app's installation on a site. The row outlives an uninstall (status `uninstalled`, no secret) so
 * that installing again keeps the client key, as the real cloud does.
 */
export interface ConnectInstallsTable {
  client_key: string;
  site_id: string;
  app_key: string;
  base_url: string;
  /** The descriptor this install was made from, as JSON text, exactly as the app served it. */
  descriptor: string;
  /** Upper-case scopes, space-separated (`READ ACT_AS_USER`). */
  scopes: string;
  /** AES-256-GCM sealed (see `secrets.ts`); null once uninstalled. */
  shared_secret: string | null;
  oauth_client_id: string;
  product_type: 'jira' | 'confluence';
  status: 'installed' | 'uninstalled';
  enabled: boolean;
  installed_at: Date;
  updated_at: Date;
}

/** RS256 keys that sign lifecycle callbacks; the public half is published by kid. */
export interface ConnectInstallKeysTable {
  kid: string;
  public_pem: string;
  /** AES-256-GCM sealed PKCS#8 PEM. */
  private_pem: string;
  created_at: Date;
}

/**
 * Installs to run outside the request or transaction that asked for them: plugin-manager installs
 * (polled as tasks) and the scenario file's apps (retried until the app answers). What was asked and how
 * it ended; each is run by a durable job (`connect.install`).
 */
export interface ConnectInstallJobsTable {
  job_id: string;
  origin: 'upm' | 'scenario';
  site_id: string;
  product_type: 'jira' | 'confluence' | null;
  descriptor_url: string | null;
  descriptor: string | null;
  email_api_status: 'pending' | 'approved' | 'rejected' | null;
  requested_by: string | null;
  status: 'pending' | 'running' | 'installed' | 'failed';
  app_key: string | null;
  error_message: string | null;
  created_at: Date;
  finished_at: Date | null;
}

/** A bearer token an app got to act for a person; only its hash is kept. */
export interface ConnectAccessTokensTable {
  /** SHA-256 (hex) of the token. */
  token_hash: string;
  client_key: string;
  /** The person the app acts for. */
  account_id: string;
  /** Upper-case scopes, space-separated: what calls with the token may do. */
  scopes: string;
  expires_at: Date;
  created_at: Date;
}

/**
 * An install of an app on a site under way: taken before the app is sent its secret, given back once the
 * install is written or failed. A claim that outlives its expiry (its process died) no longer holds.
 */
export interface ConnectInstallClaimsTable {
  site_id: string;
  app_key: string;
  claim_id: string;
  expires_at: Date;
}

export interface ConnectTables {
  connect_apps: ConnectAppsTable;
  connect_installs: ConnectInstallsTable;
  connect_install_keys: ConnectInstallKeysTable;
  connect_install_jobs: ConnectInstallJobsTable;
  connect_install_claims: ConnectInstallClaimsTable;
  connect_access_tokens: ConnectAccessTokensTable;
}
