/**
 * Installs that run outside the request or transaction that asked for them. The plugin manager answers
 * 202 and lets the framework poll; a scenario file is loaded in one transaction before Veil listens,
 * and calling out to an app must not hold it (nor must the app be up yet). Each such install is a row,
 * written by whoever asks; a runner in every Veil process claims rows (one process per row, through a
 * lease), runs the install, and records the outcome. Scenario installs are retried with backoff while
 * the app cannot be reached; plugin-manager installs are tried once, as the framework is polling.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { type Kysely, type Selectable, sql } from 'kysely';
import type { Clock } from '../clock/clock.ts';
import type { Database } from '../db/schema.ts';
import { isVeilError } from '../errors/veil-error.ts';
import type { Dependencies } from '../http/server.ts';
import type { EmailApiStatus, ProductType } from './apps.model.ts';
import type { ConnectInstallJobsTable } from './apps.table.ts';
import { type DescriptorSource, installApp } from './install.service.ts';

export type InstallJobRow = Selectable<ConnectInstallJobsTable>;

export interface NewInstallJob {
  readonly origin: 'upm' | 'scenario';
  readonly siteId: string;
  readonly source: DescriptorSource;
  readonly productType?: ProductType;
  readonly emailApiStatus?: EmailApiStatus;
  readonly requestedBy?: string;
}

const maxScenarioAttempts = 30;
const maxBackoffSeconds = 60;
const leaseMinutes = 5;

/** Queues an install; the caller's transaction decides when it becomes visible to the runners. */
export async function createInstallJob(
  db: Kysely<Database>,
  clock: Clock,
  job: NewInstallJob,
): Promise<string> {
  const jobId = randomUUID();
  await db
    .insertInto('connect_install_jobs')
    .values({
      job_id: jobId,
      origin: job.origin,
      site_id: job.siteId,
      product_type: job.productType ?? null,
      descriptor_url: 'descriptorUrl' in job.source ? job.source.descriptorUrl : null,
      descriptor: 'descriptor' in job.source ? JSON.stringify(job.source.descriptor) : null,
      email_api_status: job.emailApiStatus ?? null,
      requested_by: job.requestedBy ?? null,
      status: 'pending',
      app_key: null,
      error_message: null,
      not_before: null,
      claimed_until: null,
      created_at: clock.now(),
      finished_at: null,
    })
    .execute();
  return jobId;
}

/** A job of the site, or undefined. */
export async function findInstallJob(
  db: Kysely<Database>,
  siteId: string,
  jobId: string,
): Promise<InstallJobRow | undefined> {
  return db
    .selectFrom('connect_install_jobs')
    .selectAll()
    .where('job_id', '=', jobId)
    .where('site_id', '=', siteId)
    .executeTakeFirst();
}

/** Runs waiting install jobs in the background of one Veil process; `kick()` after queueing one. */
export class InstallJobRunner {
  readonly #deps: Dependencies;
  readonly #log: FastifyBaseLogger;
  #draining: Promise<void> | null = null;
  #again = false;
  #closed = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(deps: Dependencies, log: FastifyBaseLogger) {
    this.#deps = deps;
    this.#log = log;
  }

  /** Starts on the jobs left waiting (by a scenario load, or a process that stopped); checked in line. */
  async start(): Promise<void> {
    const waiting = await this.#deps.db
      .selectFrom('connect_install_jobs')
      .select('job_id')
      .where('status', 'in', ['pending', 'running'])
      .limit(1)
      .executeTakeFirst();
    if (waiting) this.kick();
  }

  /** Runs every claimable job now (or right after the current pass). */
  kick(): void {
    if (this.#closed) return;
    if (this.#draining) {
      this.#again = true;
      return;
    }
    this.#draining = this.#drain()
      .catch((error: unknown) => this.#log.error({ err: error }, 'connect install jobs failed to run'))
      .finally(() => {
        this.#draining = null;
        if (this.#again) {
          this.#again = false;
          this.kick();
        }
      });
  }

  /** Stops claiming jobs and waits for the one running. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    await this.#draining;
  }

  async #drain(): Promise<void> {
    clearTimeout(this.#timer);
    for (
      let job = await claimNextJob(this.#deps.db);
      job && !this.#closed;
      job = await claimNextJob(this.#deps.db)
    ) {
      await this.#run(job);
    }
    const wait = await secondsUntilNextJob(this.#deps.db);
    if (wait !== undefined && !this.#closed) {
      this.#timer = setTimeout(() => this.kick(), Math.max(50, wait * 1000)).unref();
    }
  }

  async #run(job: InstallJobRow): Promise<void> {
    const { db } = this.#deps;
    try {
      const outcome = await installApp(this.#deps, {
        siteId: job.site_id,
        source: job.descriptor_url
          ? { descriptorUrl: job.descriptor_url }
          : { descriptor: JSON.parse(job.descriptor ?? 'null') },
        ...(job.product_type ? { productType: job.product_type } : {}),
        emailApiStatus: job.email_api_status,
        ...(job.requested_by ? { actingAccountId: job.requested_by } : {}),
      });
      for (const notice of outcome.notices) this.#log.warn({ jobId: job.job_id }, notice);
      await finishJob(db, this.#deps.clock, job.job_id, {
        status: 'installed',
        app_key: outcome.installed.app.appKey,
      });
      this.#log.info({ jobId: job.job_id, siteId: job.site_id }, `installed ${outcome.installed.app.appKey}`);
    } catch (error) {
      if (!isVeilError(error))
        this.#log.error({ err: error, jobId: job.job_id }, 'connect install job broke');
      const message = describeJobError(error);
      if (job.origin === 'scenario' && isTransient(error) && job.attempts < maxScenarioAttempts) {
        const delay = Math.min(2 ** Math.max(0, job.attempts - 1), maxBackoffSeconds);
        await retryJobLater(db, job.job_id, message, delay);
        this.#log.warn(
          { jobId: job.job_id, siteId: job.site_id },
          `scenario app not installed yet (retry in ${delay} s): ${message}`,
        );
        return;
      }
      await finishJob(db, this.#deps.clock, job.job_id, { status: 'failed', error_message: message });
      this.#log.warn({ jobId: job.job_id, siteId: job.site_id }, `app install failed: ${message}`);
    }
  }
}

// Leases use the database's clock, which every process shares; the injected clock is for the product's time.
async function claimNextJob(db: Kysely<Database>): Promise<InstallJobRow | undefined> {
  const result = await sql<InstallJobRow>`
    update connect_install_jobs
    set status = 'running', attempts = attempts + 1,
        claimed_until = now() + make_interval(mins => ${leaseMinutes})
    where job_id = (
      select job_id from connect_install_jobs
      where (status = 'pending' and (not_before is null or not_before <= now()))
         or (status = 'running' and claimed_until < now())
      order by created_at, job_id
      limit 1
      for update skip locked
    )
    returning *`.execute(db);
  return result.rows[0];
}

async function secondsUntilNextJob(db: Kysely<Database>): Promise<number | undefined> {
  const result = await sql<{ seconds: number | string | null }>`
    select extract(epoch from least(
      min(not_before) filter (where status = 'pending'),
      min(claimed_until) filter (where status = 'running')
    ) - now()) as seconds
    from connect_install_jobs where status in ('pending', 'running')`.execute(db);
  const seconds = result.rows[0]?.seconds;
  return seconds === null || seconds === undefined ? undefined : Math.min(Number(seconds), maxBackoffSeconds);
}

async function finishJob(
  db: Kysely<Database>,
  clock: Clock,
  jobId: string,
  outcome: { status: 'installed' | 'failed'; app_key?: string; error_message?: string },
): Promise<void> {
  await db
    .updateTable('connect_install_jobs')
    .set({ ...outcome, claimed_until: null, finished_at: clock.now() })
    .where('job_id', '=', jobId)
    .execute();
}

async function retryJobLater(db: Kysely<Database>, jobId: string, message: string, seconds: number) {
  await db
    .updateTable('connect_install_jobs')
    .set({
      status: 'pending',
      error_message: message,
      claimed_until: null,
      not_before: sql<Date>`now() + make_interval(secs => ${seconds})`,
    })
    .where('job_id', '=', jobId)
    .execute();
}

// An app that is down or refused may answer next time; a descriptor that fails the schema will not.
function isTransient(error: unknown): boolean {
  if (!isVeilError(error)) return true;
  return error.code === 'connect.descriptor_unavailable' || error.code === 'connect.install_failed';
}

function describeJobError(error: unknown): string {
  if (!isVeilError(error)) return 'Veil could not complete the install (see its log)';
  const details = error.details.slice(0, 20).map((detail) => `${detail.path} ${detail.message}`);
  return [error.message, ...details].join('; ');
}
