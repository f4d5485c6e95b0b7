import { type Kysely, sql } from 'kysely';

/**
 * Connect apps, their installs on sites, the keys that sign lifecycle callbacks, and install jobs.
 * Secrets (shared secrets, private keys) are stored sealed with AES-256-GCM, never in the clear.
 */
const statements = [
  `create table connect_apps (
    app_key text primary key check (app_key ~ '^[a-zA-Z0-9._-]{1,80}$'),
    name text not null,
    account_id text not null unique references accounts,
    email_api_status text check (email_api_status in ('pending', 'approved', 'rejected')),
    created_at timestamptz not null,
    updated_at timestamptz not null
  )`,
  `create table connect_installs (
    client_key text primary key,
    site_id text not null references sites on delete cascade,
    app_key text not null references connect_apps on delete cascade,
    base_url text not null,
    descriptor text not null,
    scopes text not null,
    shared_secret text,
    oauth_client_id text not null unique,
    product_type text not null check (product_type in ('jira', 'confluence')),
    status text not null check (status in ('installed', 'uninstalled')),
    enabled boolean not null,
    installed_at timestamptz not null,
    updated_at timestamptz not null,
    unique (site_id, app_key),
    check ((status = 'installed') = (shared_secret is not null))
  )`,
  `create index connect_installs_by_app on connect_installs (app_key)`,
  `create table connect_install_keys (
    kid text primary key,
    public_pem text not null,
    private_pem text not null,
    created_at timestamptz not null
  )`,
  `create table connect_install_jobs (
    job_id text primary key,
    origin text not null check (origin in ('upm', 'scenario')),
    site_id text not null references sites on delete cascade,
    product_type text check (product_type in ('jira', 'confluence')),
    descriptor_url text,
    descriptor text,
    email_api_status text check (email_api_status in ('pending', 'approved', 'rejected')),
    requested_by text references accounts on delete set null,
    status text not null check (status in ('pending', 'running', 'installed', 'failed')),
    attempts integer not null default 0,
    app_key text,
    error_message text,
    not_before timestamptz,
    claimed_until timestamptz,
    created_at timestamptz not null,
    finished_at timestamptz,
    check ((descriptor_url is null) <> (descriptor is null))
  )`,
  `create index connect_install_jobs_waiting on connect_install_jobs (created_at) where status in ('pending', 'running')`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
