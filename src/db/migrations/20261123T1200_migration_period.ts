import { type Kysely, sql } from 'kysely';

/**
 * The migration period: each site's stage and deprecation end, the legacy username and userKey on an
 * account's site link (site-local, so unique per site only), the site's user-type custom fields (for
 * the JQL converter), and the counts of calls that still used legacy identifiers.
 */
const statements = [
  `alter table sites add column migration_stage text not null default 'enforced'
    check (migration_stage in ('legacy', 'enforced'))`,
  `alter table sites add column deprecation_ends timestamptz`,
  `alter table site_accounts add column username text`,
  `alter table site_accounts add column username_normalized text`,
  `alter table site_accounts add column user_key text`,
  `alter table site_accounts add constraint site_accounts_username_pair
    check ((username is null) = (username_normalized is null))`,
  `create unique index site_accounts_username on site_accounts (site_id, username_normalized)
    where username_normalized is not null`,
  `create unique index site_accounts_user_key on site_accounts (site_id, user_key) where user_key is not null`,
  `create table site_user_fields (
    site_id text not null references sites on delete cascade,
    field_id bigint not null check (field_id > 0),
    name text not null,
    name_normalized text not null,
    primary key (site_id, field_id),
    unique (site_id, name_normalized)
  )`,
  `create trigger site_user_fields_changed after insert or update or delete on site_user_fields
    for each row execute function veil_notify_change('site', 'site_id')`,
  `create table legacy_usage (
    site_id text not null references sites on delete cascade,
    client_kind text not null check (client_kind in ('api-token', 'session', 'app', 'anonymous')),
    client_id text not null,
    account_id text references accounts on delete cascade,
    operation text not null,
    calls bigint not null check (calls >= 0),
    refused_calls bigint not null check (refused_calls >= 0),
    first_seen timestamptz not null,
    last_seen timestamptz not null,
    primary key (site_id, client_kind, client_id, operation)
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
