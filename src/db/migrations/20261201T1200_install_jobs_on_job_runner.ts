import { type Kysely, sql } from 'kysely';

/**
 * Queued installs run on the durable jobs (`jobs`, kind `connect.install`) instead of a runner of their
 * own: `connect_install_jobs` keeps what was asked and how it ended (the plugin manager's task), and its
 * lease and backoff columns go. An install still waiting gets its job here, so an upgrade loses none.
 */
const statements = [
  `insert into jobs (job_id, kind, job_key, payload, status, run_at, created_at, updated_at)
    select gen_random_uuid()::text, 'connect.install', job_id, json_build_object('jobId', job_id)::text,
      'pending', coalesce(not_before, created_at), created_at, created_at
    from connect_install_jobs where status in ('pending', 'running')`,
  `update connect_install_jobs set status = 'pending' where status = 'running'`,
  'drop index connect_install_jobs_waiting',
  `alter table connect_install_jobs
    drop column attempts, drop column not_before, drop column claimed_until`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
