/**
 * Durable jobs, the running side: one runner per process claims due jobs (exclusively, through a lease
 * in the database), runs the handler registered for their kind, and records how each attempt ended. A
 * failed attempt is tried again after a backoff; a job whose runner died is taken over when its lease
 * runs out. Due means `run_at <= clock.now()`, always the injected clock, so a test or a moved clock
 * decides what is due and `runDue()` runs it.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock/clock.ts';
import type { Database } from '../db/schema.ts';
import type { Store } from '../db/store.ts';
import { type Job, jobRowToJob } from './jobs.model.ts';
import {
  claimNextJobRow,
  endJobAttempt,
  findNextDueAt,
  type JobRow,
  releaseAllLeases,
} from './jobs.repository.ts';

/** The channel an enqueued job is announced on (a trigger on `jobs`). */
export const jobsChannel = 'veil_jobs';

/** What a handler gets: the job, and which attempt this is. */
export interface JobContext {
  readonly job: Job;
  readonly attempt: number;
  readonly maxAttempts: number;
}

/** Runs one attempt; resolving means done, throwing means this attempt failed. */
export type JobHandler = (context: JobContext) => Promise<void>;

export interface JobKindOptions {
  /** Attempts before the job is marked failed (10 by default). */
  readonly maxAttempts?: number;
  /** How long to wait after the given failed attempt (1-based) before the next. */
  readonly backoffMs?: (attempt: number) => number;
  /** How long a claim holds; the handler must finish well within it (60 s by default). */
  readonly leaseMs?: number;
}

/**
 * Thrown by a handler to say why an attempt failed, in words fit for the attempt record (never a secret
 * or personal data), and whether trying again can help.
 */
export class JobFailure extends Error {
  readonly retry: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: { retry?: boolean; retryAfterMs?: number } = {}) {
    super(message);
    this.name = 'JobFailure';
    this.retry = options.retry ?? true;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** Doubling delays: `firstMs` after the first failure, never more than `maxMs`. */
export function exponentialBackoff(firstMs: number, maxMs: number): (attempt: number) => number {
  return (attempt) => Math.min(firstMs * 2 ** Math.max(0, attempt - 1), maxMs);
}

/** What the runner logs through (Fastify's logger fits). */
export interface JobLogger {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

export interface JobRunnerOptions {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly log: JobLogger;
  /** How to hear enqueued jobs (from `openStore`); without it the runner only polls. */
  readonly listen?: Store['listen'];
  /** This process alone opens the store (PGlite): at start, any lease left is from a process that is gone. */
  readonly exclusiveStore?: boolean;
  /** Jobs run side by side by one runner (4 by default). */
  readonly concurrency?: number;
  /** How often a started runner looks for work even when told nothing (5 s by default). */
  readonly pollMs?: number;
}

interface RegisteredKind {
  readonly handler: JobHandler;
  readonly maxAttempts: number;
  readonly backoffMs: (attempt: number) => number;
  readonly leaseMs: number;
}

const defaultKind = { maxAttempts: 10, backoffMs: exponentialBackoff(1000, 60 * 60 * 1000), leaseMs: 60_000 };

/** The one job runner of a process; made in the composition root, started by `veil start`. */
export class JobRunner {
  /** Who this runner is in leases and attempt records. */
  readonly runnerId = randomUUID();
  readonly #options: JobRunnerOptions;
  readonly #kinds = new Map<string, RegisteredKind>();
  #started = false;
  #closed = false;
  #tail: Promise<void> = Promise.resolve();
  #queued: Promise<void> | null = null;
  #timer: NodeJS.Timeout | undefined;
  #unlisten: (() => Promise<void>) | undefined;

  constructor(options: JobRunnerOptions) {
    this.#options = options;
  }

  /** Says who runs jobs of `kind`; a runner claims only the kinds it knows. */
  register(kind: string, handler: JobHandler, options: JobKindOptions = {}): void {
    if (this.#kinds.has(kind)) throw new Error(`the job kind ${kind} is registered twice`);
    this.#kinds.set(kind, { handler, ...defaultKind, ...options });
  }

  /** Runs in the background from now on: on every enqueue (any process), on every due time, and polling. */
  async start(): Promise<void> {
    if (this.#started || this.#closed) return;
    this.#started = true;
    const { db, clock, listen, exclusiveStore, log } = this.#options;
    if (exclusiveStore) {
      const released = await releaseAllLeases(db, clock.now());
      if (released > 0) log.info({ released }, 'jobs left running by a stopped process are due again');
    }
    this.#unlisten = await listen?.(jobsChannel, () => this.kick());
    this.kick();
  }

  /** Wakes a started runner to look for due jobs now. */
  kick(): void {
    if (!this.#started || this.#closed) return;
    this.#requestPass().catch((error: unknown) =>
      this.#options.log.error({ err: error }, 'the job runner could not look for jobs'),
    );
  }

  /** Runs every job that is due at `clock.now()` until none is left (started or not); rejects on a store error. */
  runDue(): Promise<void> {
    return this.#requestPass();
  }

  /** Stops claiming, and waits for the jobs running now. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    await this.#unlisten?.();
    await this.#tail;
  }

  // Passes run one after another; a pass asked for while one waits to start joins it.
  #requestPass(): Promise<void> {
    if (this.#queued) return this.#queued;
    const pass = this.#tail.then(() => {
      this.#queued = null;
      return this.#runPass();
    });
    this.#queued = pass;
    this.#tail = pass.catch(() => undefined);
    return pass;
  }

  async #runPass(): Promise<void> {
    clearTimeout(this.#timer);
    if (this.#closed) return;
    const workers = Array.from({ length: this.#options.concurrency ?? 4 }, () => this.#work());
    const results = await Promise.allSettled(workers);
    if (this.#started) await this.#scheduleNextPass();
    const failure = results.find((result) => result.status === 'rejected');
    if (failure) throw failure.reason;
  }

  async #work(): Promise<void> {
    while (!this.#closed) {
      const row = await claimNextJobRow(this.#options.db, {
        now: this.#options.clock.now(),
        runnerId: this.runnerId,
        leaseMs: new Map([...this.#kinds].map(([kind, registered]) => [kind, registered.leaseMs])),
      });
      if (!row) return;
      await this.#runAttempt(row);
    }
  }

  async #runAttempt(row: JobRow): Promise<void> {
    const kind = this.#kinds.get(row.kind) as RegisteredKind;
    const attempt = row.attempts;
    const end = (outcome: 'succeeded' | 'retrying' | 'failed', error: string | null, retryAt?: Date) =>
      endJobAttempt(this.#options.db, {
        jobId: row.job_id,
        attempt,
        now: this.#options.clock.now(),
        outcome,
        error,
        ...(retryAt ? { retryAt } : {}),
      });
    if (attempt > kind.maxAttempts) {
      await end('failed', `gave up after ${kind.maxAttempts} attempts`);
      return;
    }
    try {
      await kind.handler({ job: jobRowToJob(row), attempt, maxAttempts: kind.maxAttempts });
      await end('succeeded', null);
    } catch (error) {
      const failure = this.#describeFailure(row, error);
      const again = failure.retry && attempt < kind.maxAttempts;
      const delay = failure.retryAfterMs ?? kind.backoffMs(attempt);
      const retryAt = new Date(this.#options.clock.now().getTime() + delay);
      await end(again ? 'retrying' : 'failed', failure.message, again ? retryAt : undefined);
      const level = again ? 'info' : 'warn';
      this.#options.log[level](
        { jobId: row.job_id, kind: row.kind, attempt },
        again
          ? `job attempt failed, tried again in ${delay} ms: ${failure.message}`
          : `job failed: ${failure.message}`,
      );
    }
  }

  #describeFailure(row: JobRow, error: unknown): JobFailure {
    if (error instanceof JobFailure) return error;
    this.#options.log.error({ err: error, jobId: row.job_id, kind: row.kind }, 'job handler broke');
    return new JobFailure('the handler broke (see the log)');
  }

  async #scheduleNextPass(): Promise<void> {
    if (this.#closed) return;
    const pollMs = this.#options.pollMs ?? 5000;
    const dueAt = await findNextDueAt(this.#options.db, [...this.#kinds.keys()]);
    const untilDue = dueAt ? dueAt.getTime() - this.#options.clock.now().getTime() : pollMs;
    const wait = Math.min(Math.max(untilDue, 20), pollMs);
    clearTimeout(this.#timer);
    if (!this.#closed) this.#timer = setTimeout(() => this.kick(), wait).unref();
  }
}
