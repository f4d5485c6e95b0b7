/**
 * Forge-style apps installed on sites. Scopes are space-separated; manifests are stored as parsed
 * (JSON), never a person's data.
 */
export interface ForgeInstallationsTable {
  installation_id: string;
  site_id: string;
  app_id: string;
  /** Counts the manifests installed on this site, the first being 1. */
  version: number;
  manifest: unknown;
  /** The scopes a site admin consented to: what the app runs with. */
  scopes: string;
  /** An upgrade whose scopes grow, waiting for a site admin's consent (null when none waits). */
  pending_manifest: unknown | null;
  pending_scopes: string | null;
  installed_at: Date;
  updated_at: Date;
}

/** The keys that sign Forge Invocation Tokens; the newest signs, every public one stays published. */
export interface ForgeSigningKeysTable {
  kid: string;
  public_jwk: string;
  /** Sealed with `sealSecret` under Veil's secret key, bound to the kid. */
  private_jwk: string;
  created_at: Date;
}

export interface ForgeTables {
  forge_installations: ForgeInstallationsTable;
  forge_signing_keys: ForgeSigningKeysTable;
}
