/**
 * OAuth 2.0 (3LO): apps, the one grant per app and person with its sites, authorization codes and
 * tokens. Secrets, codes and tokens are SHA-256 hashes; scopes are space-separated, as OAuth writes them.
 */
export interface OAuthAppsTable {
  client_id: string;
  secret_hash: string;
  name: string;
  callback_url: string;
  scopes: string;
  /** The developer who registered it through the management API; null for a scenario's app. */
  owner_account_id: string | null;
  created_at: Date;
}

export interface OAuthGrantsTable {
  grant_id: string;
  client_id: string;
  account_id: string;
  /** Every scope granted so far, on any site (tokens reach all of them, as Atlassian's grants do). */
  scopes: string;
  created_at: Date;
  updated_at: Date;
}

export interface OAuthGrantSitesTable {
  grant_id: string;
  site_id: string;
  scopes: string;
  granted_at: Date;
}

export interface OAuthCodesTable {
  code_hash: string;
  grant_id: string;
  redirect_uri: string;
  scopes: string;
  expires_at: Date;
  /** The token family the code's exchange started: revoked if the code is used again. */
  family_id: string | null;
  used_at: Date | null;
}

export interface OAuthTokensTable {
  token_hash: string;
  kind: 'access' | 'refresh';
  grant_id: string;
  /** One consent's tokens: a refresh token reused outside the leeway invalidates all of them. */
  family_id: string;
  scopes: string;
  issued_at: Date;
  /** Access: one hour. Refresh: 90 days of inactivity, never past `family_expires_at`. */
  expires_at: Date;
  /** 365 days after the consent that started the family. */
  family_expires_at: Date;
  /** When a refresh token was exchanged for the next one (the reuse leeway counts from here). */
  rotated_at: Date | null;
}

export interface OAuthTables {
  oauth_apps: OAuthAppsTable;
  oauth_grants: OAuthGrantsTable;
  oauth_grant_sites: OAuthGrantSitesTable;
  oauth_codes: OAuthCodesTable;
  oauth_tokens: OAuthTokensTable;
}
