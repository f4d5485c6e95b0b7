/**
 * Durable jobs, the enqueuing side: whoever causes work writes it as a row in its own transaction, so
 * the work exists exactly when the change does. `JobRunner` (job-runner.ts) runs it.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock/clock.ts';
import type { Database } from '../db/schema.ts';
import { attemptRowToAttempt, type Job, type JobAttempt, jobRowToJob } from './jobs.model.ts';
import { findJobRow, findJobRowByKey, insertJobRow, listJobAttemptRows } from './jobs.repository.ts';

/** What to do, and from when. */
export interface NewJob {
  /** The handler that runs it (registered on the runner), such as `webhook.deliver`. */
  readonly kind: string;
  /** JSON-serialisable; no secrets (payloads are stored as they are). */
  readonly payload: unknown;
  /** Due from this moment by the injected clock; now by default. */
  readonly runAt?: Date;
  /** Idempotency: a second job with the same kind and key is not written, the first one's id is returned. */
  readonly key?: string;
}

/** Writes a job in the caller's transaction (`db` may be one) and returns its id. */
export async function enqueueJob(db: Kysely<Database>, clock: Clock, job: NewJob): Promise<string> {
  const now = clock.now();
  return insertJobRow(db, {
    job_id: randomUUID(),
    kind: job.kind,
    job_key: job.key ?? null,
    payload: JSON.stringify(job.payload ?? null),
    status: 'pending',
    run_at: job.runAt ?? now,
    lease_until: null,
    leased_by: null,
    last_error: null,
    created_at: now,
    updated_at: now,
    finished_at: null,
  });
}

/** The job with this id, or undefined. */
export async function findJob(db: Kysely<Database>, jobId: string): Promise<Job | undefined> {
  const row = await findJobRow(db, jobId);
  return row ? jobRowToJob(row) : undefined;
}

/** The job of this kind written with this key, or undefined. */
export async function findJobByKey(
  db: Kysely<Database>,
  kind: string,
  key: string,
): Promise<Job | undefined> {
  const row = await findJobRowByKey(db, kind, key);
  return row ? jobRowToJob(row) : undefined;
}

/** Every attempt at the job, first first. */
export async function listJobAttempts(db: Kysely<Database>, jobId: string): Promise<JobAttempt[]> {
  return (await listJobAttemptRows(db, jobId)).map(attemptRowToAttempt);
}
