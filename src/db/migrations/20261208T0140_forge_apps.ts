import { type Kysely, sql } from 'kysely';

/**
 * Forge-style apps (src/forge): one row per app installed on a site. `manifest` and `scopes` are what
 * runs (the grant a site admin consented to); `pending_*` an upgrade whose scopes grow, waiting for a
 * site admin's consent. No personal data: manifests describe the app, never a person. The RS256 keys
 * that sign Forge Invocation Tokens: the private half sealed under Veil's secret key.
 */
const statements = [
  `create table forge_installations (
    installation_id text primary key,
    site_id text not null references sites on delete cascade,
    app_id text not null check (app_id ~ '^ari:cloud:ecosystem::app/[0-9a-f-]{36}$'),
    version integer not null check (version >= 1),
    manifest jsonb not null,
    scopes text not null,
    pending_manifest jsonb,
    pending_scopes text,
    installed_at timestamptz not null,
    updated_at timestamptz not null,
    unique (site_id, app_id),
    check ((pending_manifest is null) = (pending_scopes is null))
  )`,
  `create table forge_signing_keys (
    kid text primary key,
    public_jwk text not null,
    private_jwk text not null,
    created_at timestamptz not null
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
