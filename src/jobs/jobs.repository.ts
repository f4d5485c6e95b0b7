import { type Insertable, type Kysely, type Selectable, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { JobAttemptsTable, JobsTable } from '../db/tables/jobs.table.ts';

export type JobRow = Selectable<JobsTable>;
export type JobAttemptRow = Selectable<JobAttemptsTable>;

/** Inserts the job unless one of the same kind and key exists; the id of the job that holds the key. */
export async function insertJobRow(db: Kysely<Database>, row: Insertable<JobsTable>): Promise<string> {
  const inserted = await db
    .insertInto('jobs')
    .values(row)
    .onConflict((oc) => oc.columns(['kind', 'job_key']).doNothing())
    .returning('job_id')
    .executeTakeFirst();
  if (inserted) return inserted.job_id;
  const existing = await db
    .selectFrom('jobs')
    .select('job_id')
    .where('kind', '=', row.kind)
    .where('job_key', '=', row.job_key ?? null)
    .executeTakeFirstOrThrow();
  return existing.job_id;
}

export async function findJobRow(db: Kysely<Database>, jobId: string): Promise<JobRow | undefined> {
  return db.selectFrom('jobs').selectAll().where('job_id', '=', jobId).executeTakeFirst();
}

export async function findJobRowByKey(
  db: Kysely<Database>,
  kind: string,
  key: string,
): Promise<JobRow | undefined> {
  return db
    .selectFrom('jobs')
    .selectAll()
    .where('kind', '=', kind)
    .where('job_key', '=', key)
    .executeTakeFirst();
}

export async function listJobAttemptRows(db: Kysely<Database>, jobId: string): Promise<JobAttemptRow[]> {
  return db.selectFrom('job_attempts').selectAll().where('job_id', '=', jobId).orderBy('attempt').execute();
}

export interface ClaimRequest {
  readonly now: Date;
  readonly runnerId: string;
  /** The kinds this runner can run, each with how long its lease lasts (ms). */
  readonly leaseMs: ReadonlyMap<string, number>;
}

/**
 * Claims the job that has been due longest, or whose holder's lease ran out, and starts its attempt,
 * in one statement: `skip locked` lets runners claim side by side, and the status check (re-read once
 * the row is locked) keeps two from claiming the same job. A stale `running` attempt is `abandoned`.
 */
export async function claimNextJobRow(
  db: Kysely<Database>,
  claim: ClaimRequest,
): Promise<JobRow | undefined> {
  const kinds = [...claim.leaseMs.keys()];
  if (kinds.length === 0) return undefined;
  const now = sql`${claim.now}::timestamptz`;
  const runnerId = sql`${claim.runnerId}::text`;
  const leaseMs = sql`case kind ${sql.join(
    kinds.map((kind) => sql`when ${kind}::text then ${claim.leaseMs.get(kind)}::integer`),
    sql` `,
  )} end`;
  const result = await sql<JobRow>`
    with claimed as (
      update jobs
      set status = 'running', attempts = attempts + 1, leased_by = ${runnerId}, updated_at = ${now},
          lease_until = ${now} + ${leaseMs} * interval '1 millisecond'
      where job_id = (
        select job_id from jobs
        where kind in (${sql.join(kinds)})
          and ((status = 'pending' and run_at <= ${now}) or (status = 'running' and lease_until <= ${now}))
        order by run_at, job_id
        limit 1
        for update skip locked
      )
      returning *
    ), abandoned as (
      update job_attempts
      set outcome = 'abandoned', finished_at = ${now}, error = 'its runner stopped before it finished'
      where outcome = 'running' and job_id in (select job_id from claimed)
    ), started as (
      insert into job_attempts (job_id, attempt, runner_id, started_at, outcome)
      select job_id, attempts, ${runnerId}, ${now}, 'running' from claimed
    )
    select * from claimed`.execute(db);
  return result.rows[0];
}

export interface AttemptEnd {
  readonly jobId: string;
  readonly attempt: number;
  readonly now: Date;
  readonly outcome: 'succeeded' | 'retrying' | 'failed';
  readonly error: string | null;
  /** For `retrying`: when the job is due again. */
  readonly retryAt?: Date;
}

/**
 * Ends an attempt and moves the job on (done, due again later, or failed). Fenced by the attempt
 * number: a runner whose job was taken over changes nothing. True when the attempt was still current.
 */
export async function endJobAttempt(db: Kysely<Database>, end: AttemptEnd): Promise<boolean> {
  const status = end.outcome === 'retrying' ? 'pending' : end.outcome;
  const now = sql`${end.now}::timestamptz`;
  const result = await sql<{ job_id: string }>`
    with ended as (
      update jobs
      set status = ${status}::text, lease_until = null, leased_by = null, last_error = ${end.error}::text,
          updated_at = ${now}, run_at = coalesce(${end.retryAt ?? null}::timestamptz, run_at),
          finished_at = case when ${status}::text = 'pending' then null else ${now} end
      where job_id = ${end.jobId} and attempts = ${end.attempt} and status = 'running'
      returning job_id
    )
    update job_attempts
    set outcome = ${end.outcome}::text, finished_at = ${now}, error = ${end.error}::text
    where job_id = ${end.jobId} and attempt = ${end.attempt} and exists (select 1 from ended)
    returning job_id`.execute(db);
  return result.rows.length > 0;
}

/**
 * Frees every lease at once: only for a store that this process alone can open (PGlite), where any
 * lease left is from a process that is gone.
 */
export async function releaseAllLeases(db: Kysely<Database>, now: Date): Promise<number> {
  await db
    .updateTable('job_attempts')
    .set({ outcome: 'abandoned', finished_at: now, error: 'its runner stopped before it finished' })
    .where('outcome', '=', 'running')
    .execute();
  const released = await db
    .updateTable('jobs')
    .set({ status: 'pending', lease_until: null, leased_by: null, updated_at: now })
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(released.numUpdatedRows);
}

/** When the next of these kinds falls due (a pending job, or a lease running out); undefined if none. */
export async function findNextDueAt(
  db: Kysely<Database>,
  kinds: readonly string[],
): Promise<Date | undefined> {
  if (kinds.length === 0) return undefined;
  const row = await db
    .selectFrom('jobs')
    .select(sql<Date | null>`min(case when status = 'pending' then run_at else lease_until end)`.as('due_at'))
    .where('status', 'in', ['pending', 'running'])
    .where('kind', 'in', kinds)
    .executeTakeFirst();
  return row?.due_at ?? undefined;
}
