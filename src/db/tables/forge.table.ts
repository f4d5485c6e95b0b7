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

export interface ForgeTables {
  forge_installations: ForgeInstallationsTable;
}
