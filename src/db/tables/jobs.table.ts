import type { Generated } from 'kysely';

/** One unit of durable work: what to do (`kind`, `payload`), when, and where it stands. */
export interface JobsTable {
  job_id: string;
  /** Which handler runs it, such as `webhook.deliver`. */
  kind: string;
  /** Makes enqueueing idempotent: a second job with the same kind and key is not written. */
  job_key: string | null;
  /** JSON text, as the enqueuer gave it. */
  payload: string;
  status: 'pending' | 'running' | 'succeeded' | 'failed';
  /** When it is due, by the injected clock; after a failure, when it is tried again. */
  run_at: Date;
  attempts: Generated<number>;
  /** While running: until when the runner that claimed it holds it; a later claim takes it over. */
  lease_until: Date | null;
  leased_by: string | null;
  last_error: string | null;
  created_at: Date;
  updated_at: Date;
  finished_at: Date | null;
}

/** Every attempt at a job: who ran it, when, and how it ended. */
export interface JobAttemptsTable {
  job_id: string;
  attempt: number;
  runner_id: string;
  started_at: Date;
  finished_at: Date | null;
  outcome: 'running' | 'succeeded' | 'retrying' | 'failed' | 'abandoned';
  error: string | null;
}

export interface JobTables {
  jobs: JobsTable;
  job_attempts: JobAttemptsTable;
}
