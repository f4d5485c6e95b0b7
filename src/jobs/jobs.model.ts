import type { Selectable } from 'kysely';
import type { JobAttemptsTable, JobsTable } from '../db/tables/jobs.table.ts';

export type JobStatus = JobsTable['status'];
export type JobAttemptOutcome = JobAttemptsTable['outcome'];

/** A job as handlers and callers see it. */
export interface Job {
  readonly jobId: string;
  readonly kind: string;
  readonly key: string | null;
  readonly payload: unknown;
  readonly status: JobStatus;
  readonly runAt: Date;
  /** Attempts started so far, this one included while it runs. */
  readonly attempts: number;
  readonly lastError: string | null;
  readonly createdAt: Date;
  readonly finishedAt: Date | null;
}

/** One attempt at a job. */
export interface JobAttempt {
  readonly attempt: number;
  readonly runnerId: string;
  readonly startedAt: Date;
  readonly finishedAt: Date | null;
  readonly outcome: JobAttemptOutcome;
  readonly error: string | null;
}

/** Maps a stored job row to the domain job (the payload parsed). */
export function jobRowToJob(row: Selectable<JobsTable>): Job {
  return {
    jobId: row.job_id,
    kind: row.kind,
    key: row.job_key,
    payload: JSON.parse(row.payload) as unknown,
    status: row.status,
    runAt: row.run_at,
    attempts: row.attempts,
    lastError: row.last_error,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}

/** Maps a stored attempt row to the domain attempt. */
export function attemptRowToAttempt(row: Selectable<JobAttemptsTable>): JobAttempt {
  return {
    attempt: row.attempt,
    runnerId: row.runner_id,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    outcome: row.outcome,
    error: row.error,
  };
}
