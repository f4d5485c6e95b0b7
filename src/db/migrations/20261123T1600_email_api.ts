import { type Kysely, sql } from 'kysely';

/**
 * Data-access records (which app or admin read which field of whose account, when: the access log that
 * people see) and applications for the Email API (the use cases an app gave, and the decision on them).
 */
const statements = [
  `create table field_reads (
    read_id bigint generated always as identity primary key,
    account_id text not null,
    reader_kind text not null check (reader_kind in ('app', 'admin')),
    reader_id text not null,
    site_id text,
    field text not null check (field in ('avatar', 'fullName', 'jobTitle', 'department', 'organization', 'location', 'timeZone', 'email')),
    read_at timestamptz not null
  )`,
  `create index field_reads_by_account on field_reads (account_id, read_at desc, read_id desc)`,
  `create table email_api_applications (
    app_key text primary key references connect_apps on delete cascade,
    use_cases text not null,
    applied_by text not null,
    applied_at timestamptz not null,
    decided_by text,
    decided_at timestamptz,
    decision_reason text
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
