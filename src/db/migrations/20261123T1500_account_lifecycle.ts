import { type Kysely, sql } from 'kysely';

/**
 * The account life cycle and data-subject rights: the statuses `deletion-requested` and `deleted`,
 * deletion requests with their grace period, one erasure report per erasure, what apps report storing
 * (personal-data reporting), and how often each app read each profile, per day.
 */
const statements = [
  `alter table accounts drop constraint accounts_status_check`,
  `alter table accounts add constraint accounts_status_check
    check (status in ('active', 'deactivated', 'deletion-requested', 'deleted'))`,
  `create table account_deletions (
    deletion_id text primary key,
    account_id text not null references accounts,
    status text not null check (status in ('pending', 'cancelled', 'erased')),
    requested_at timestamptz not null,
    requested_by text references accounts,
    requested_by_role text not null
      check (requested_by_role in ('self', 'organization-admin', 'platform-admin', 'scenario')),
    due_at timestamptz not null,
    previous_status text not null check (previous_status in ('active', 'deactivated')),
    cancelled_at timestamptz,
    cancelled_by text references accounts,
    erased_at timestamptz,
    attempts integer not null default 0,
    first_attempt_at timestamptz,
    last_attempt_at timestamptz,
    check ((status = 'cancelled') = (cancelled_at is not null)),
    check ((status = 'erased') = (erased_at is not null))
  )`,
  `create unique index account_deletions_one_open on account_deletions (account_id) where status = 'pending'`,
  `create index account_deletions_due on account_deletions (due_at) where status = 'pending'`,
  `create index account_deletions_by_account on account_deletions (account_id)`,
  `create table erasure_reports (
    deletion_id text primary key references account_deletions,
    account_id text not null references accounts,
    completed_at timestamptz not null,
    attempts integer not null,
    clean boolean not null,
    report jsonb not null
  )`,
  `create index erasure_reports_by_account on erasure_reports (account_id)`,
  `create table reported_accounts (
    app_key text not null,
    account_id text not null check (account_id ~ '^[A-Za-z0-9:-]{1,128}$'),
    first_reported_at timestamptz not null,
    last_reported_at timestamptz not null,
    reported_updated_at timestamptz not null,
    last_site_id text references sites on delete set null,
    closed_answered_at timestamptz,
    primary key (app_key, account_id)
  )`,
  `create index reported_accounts_by_account on reported_accounts (account_id)`,
  `create table reporting_apps (
    app_key text primary key,
    first_report_at timestamptz not null,
    last_report_at timestamptz not null,
    reports integer not null
  )`,
  `create table profile_reads (
    account_id text not null references accounts,
    app_key text not null,
    day text not null check (day ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
    reads integer not null check (reads > 0),
    primary key (account_id, app_key, day)
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
