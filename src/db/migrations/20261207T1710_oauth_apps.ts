import { type Kysely, sql } from 'kysely';

/**
 * OAuth 2.0 (3LO) apps, the one grant per app and person (with the sites merged into it), the
 * authorization codes and the tokens issued from them. Secrets, codes and tokens are stored as SHA-256
 * hashes only. Everything a grant issued goes with it (revocation, erasure).
 */
const statements = [
  `create table oauth_apps (
    client_id text primary key check (length(client_id) between 1 and 128),
    secret_hash text not null,
    name text not null check (length(name) between 1 and 255),
    callback_url text not null check (length(callback_url) between 1 and 2000),
    scopes text not null check (length(scopes) <= 4000),
    owner_account_id text references accounts (account_id) on delete set null,
    created_at timestamptz not null
  )`,
  'create index oauth_apps_owner on oauth_apps (owner_account_id)',
  `create table oauth_grants (
    grant_id text primary key,
    client_id text not null references oauth_apps (client_id) on delete cascade,
    account_id text not null references accounts (account_id) on delete cascade,
    scopes text not null,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    unique (client_id, account_id)
  )`,
  'create index oauth_grants_account on oauth_grants (account_id)',
  `create table oauth_grant_sites (
    grant_id text not null references oauth_grants (grant_id) on delete cascade,
    site_id text not null references sites (site_id) on delete cascade,
    scopes text not null,
    granted_at timestamptz not null,
    primary key (grant_id, site_id)
  )`,
  `create table oauth_codes (
    code_hash text primary key,
    grant_id text not null references oauth_grants (grant_id) on delete cascade,
    redirect_uri text not null,
    scopes text not null,
    expires_at timestamptz not null,
    family_id text,
    used_at timestamptz
  )`,
  `create table oauth_tokens (
    token_hash text primary key,
    kind text not null check (kind in ('access', 'refresh')),
    grant_id text not null references oauth_grants (grant_id) on delete cascade,
    family_id text not null,
    scopes text not null,
    issued_at timestamptz not null,
    expires_at timestamptz not null,
    family_expires_at timestamptz not null,
    rotated_at timestamptz
  )`,
  'create index oauth_tokens_family on oauth_tokens (family_id)',
  'create index oauth_tokens_grant on oauth_tokens (grant_id)',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
