import { type Kysely, sql } from 'kysely';

/**
 * Durable jobs: work written in the same transaction as the change that causes it (a webhook delivery,
 * an erasure deadline), claimed by one runner at a time through a lease, retried with backoff, and every
 * attempt kept. An insert announces itself on `veil_jobs`, so the runners of every process wake at commit.
 */
const statements = [
  `create table jobs (
    job_id text primary key,
    kind text not null check (kind ~ '^[a-z][a-z0-9_.:-]{0,99}$'),
    job_key text,
    payload text not null,
    status text not null check (status in ('pending', 'running', 'succeeded', 'failed')),
    run_at timestamptz not null,
    attempts integer not null default 0,
    lease_until timestamptz,
    leased_by text,
    last_error text,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    finished_at timestamptz,
    unique (kind, job_key),
    check ((status = 'running') = (lease_until is not null))
  )`,
  `create index jobs_waiting on jobs (run_at) where status in ('pending', 'running')`,
  `create table job_attempts (
    job_id text not null references jobs on delete cascade,
    attempt integer not null check (attempt >= 1),
    runner_id text not null,
    started_at timestamptz not null,
    finished_at timestamptz,
    outcome text not null check (outcome in ('running', 'succeeded', 'retrying', 'failed', 'abandoned')),
    error text,
    primary key (job_id, attempt)
  )`,
  `create function veil_notify_jobs() returns trigger language plpgsql as $$
    begin
      perform pg_notify('veil_jobs', '');
      return null;
    end $$`,
  `create trigger jobs_enqueued after insert on jobs for each statement execute function veil_notify_jobs()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
