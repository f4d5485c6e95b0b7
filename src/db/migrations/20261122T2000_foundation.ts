import { type Kysely, sql } from 'kysely';

/** Accounts, organizations, visibility settings, sites and credentials. */
const statements = [
  `create table organizations (
    organization_id text primary key,
    name text not null,
    created_at timestamptz not null
  )`,
  `create table organization_domains (
    domain text primary key,
    organization_id text not null references organizations on delete cascade,
    verified_at timestamptz not null
  )`,
  `create index organization_domains_by_organization on organization_domains (organization_id)`,
  `create table sites (
    site_id text primary key,
    base_url text not null,
    is_default boolean not null default false,
    anonymous_access boolean not null default false,
    created_at timestamptz not null
  )`,
  `create unique index sites_one_default on sites (is_default) where is_default`,
  `create table site_hosts (
    host text primary key,
    site_id text not null references sites on delete cascade
  )`,
  `create table site_products (
    site_id text not null references sites on delete cascade,
    product text not null check (product in ('jira', 'confluence', 'servicedesk')),
    primary key (site_id, product)
  )`,
  `create table accounts (
    account_id text primary key check (account_id ~ '^[A-Za-z0-9:-]{1,128}$'),
    account_type text not null check (account_type in ('atlassian', 'app', 'customer')),
    status text not null check (status in ('active', 'deactivated')),
    app_key text unique,
    customer_site_id text references sites on delete cascade,
    email text,
    email_normalized text,
    email_domain text,
    full_name text not null,
    public_name text not null,
    avatar_key text not null unique,
    job_title text,
    department text,
    organization_name text,
    location text,
    time_zone text,
    locale text,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    check ((account_type = 'app') = (app_key is not null)),
    check ((account_type = 'customer') = (customer_site_id is not null))
  )`,
  `create unique index accounts_global_email on accounts (email_normalized) where account_type = 'atlassian'`,
  `create unique index accounts_customer_email on accounts (customer_site_id, email_normalized) where account_type = 'customer'`,
  `create index accounts_by_email_domain on accounts (email_domain)`,
  `create table platform_admins (
    account_id text primary key references accounts on delete cascade
  )`,
  `create table organization_admins (
    organization_id text not null references organizations on delete cascade,
    account_id text not null references accounts on delete cascade,
    primary key (organization_id, account_id)
  )`,
  `create table visibility_settings (
    account_id text not null references accounts on delete cascade,
    field text not null check (field in ('avatar', 'fullName', 'jobTitle', 'department', 'organization', 'location', 'timeZone', 'email')),
    visibility text not null check (visibility in ('anyone', 'organization', 'only-you')),
    locked_by_organization_id text references organizations on delete set null,
    primary key (account_id, field)
  )`,
  `create table site_admins (
    site_id text not null references sites on delete cascade,
    account_id text not null references accounts on delete cascade,
    primary key (site_id, account_id)
  )`,
  `create table site_accounts (
    site_id text not null references sites on delete cascade,
    account_id text not null references accounts on delete cascade,
    linked_at timestamptz not null,
    primary key (site_id, account_id)
  )`,
  `create index site_accounts_by_account on site_accounts (account_id)`,
  `create table site_account_products (
    site_id text not null,
    account_id text not null,
    product text not null check (product in ('jira', 'confluence', 'servicedesk')),
    primary key (site_id, account_id, product),
    foreign key (site_id, account_id) references site_accounts on delete cascade
  )`,
  `create table groups (
    group_id text primary key,
    site_id text not null references sites on delete cascade,
    name text not null,
    name_normalized text not null,
    created_at timestamptz not null,
    unique (site_id, name_normalized)
  )`,
  `create table group_members (
    group_id text not null references groups on delete cascade,
    account_id text not null references accounts on delete cascade,
    primary key (group_id, account_id)
  )`,
  `create index group_members_by_account on group_members (account_id)`,
  `create table projects (
    site_id text not null references sites on delete cascade,
    project_key text not null,
    name text not null,
    lead_account_id text references accounts on delete set null,
    primary key (site_id, project_key)
  )`,
  `create table api_tokens (
    token_id text primary key,
    account_id text not null references accounts on delete cascade,
    label text not null,
    token_hash text not null unique,
    created_at timestamptz not null,
    last_used_at timestamptz
  )`,
  `create index api_tokens_by_account on api_tokens (account_id)`,
  `create table sessions (
    session_hash text primary key,
    account_id text not null references accounts on delete cascade,
    created_at timestamptz not null,
    expires_at timestamptz not null
  )`,
  `create table scenario_loads (
    scenario_hash text primary key,
    loaded_at timestamptz not null
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
