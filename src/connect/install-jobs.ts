/**
 * Installs that run outside the request or transaction that asked for them. The plugin manager answers
 * 202 and lets the framework poll; a scenario file is loaded in one transaction before Veil listens,
 * and calling out to an app must not hold it (nor must the app be up yet). Each such install is a row
 * (what was asked, by whom, how it ended: the plugin manager's task) and a durable job written with it,
 * which the process's `JobRunner` runs: scenario installs are retried with backoff while the app cannot
 * be reached; plugin-manager installs are tried once, as the framework is polling.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely, Selectable } from 'kysely';
import type { EmailApiStatus, ProductType } from '../apps/apps.model.ts';
import type { Clock } from '../clock/clock.ts';
import type { Config } from '../config/config.ts';
import type { Database, StoreDeps } from '../db/schema.ts';
import type { ConnectInstallJobsTable } from '../db/tables/apps.table.ts';
import { isVeilError } from '../errors/veil-error.ts';
import type { JobRunner } from '../jobs/job-runner.ts';
import { exponentialBackoff, type JobContext, JobFailure } from '../jobs/job-runner.ts';
import { enqueueJob } from '../jobs/jobs.service.ts';
import { type DescriptorSource, installApp } from './install.service.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps extends StoreDeps {
  readonly config: Config;
  readonly jobs: JobRunner;
}

export type InstallJobRow = Selectable<ConnectInstallJobsTable>;

export interface NewInstallJob {
  readonly origin: 'upm' | 'scenario';
  readonly siteId: string;
  readonly source: DescriptorSource;
  readonly productType?: ProductType;
  readonly emailApiStatus?: EmailApiStatus;
  readonly requestedBy?: string;
}

/** The durable job that runs a queued install. */
export const installAppJob = 'connect.install';
const maxScenarioAttempts = 30;

/** Queues an install: its row and its job, in the caller's transaction (which decides when it runs). */
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
      created_at: clock.now(),
      finished_at: null,
    })
    .execute();
  await enqueueJob(db, clock, { kind: installAppJob, key: jobId, payload: { jobId } });
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

/** Registers the install job on the process's runner. */
export function registerInstallJobs(deps: Deps, log: FastifyBaseLogger): void {
  deps.jobs.register(installAppJob, (context) => runInstallJob(deps, log, context), {
    maxAttempts: maxScenarioAttempts,
    // 1 s, 2 s, 4 s … at most a minute apart.
    backoffMs: exponentialBackoff(1000, 60_000),
    // The descriptor, `installed` and `enabled`: three calls to the app, each with the configured timeout.
    leaseMs: 3 * deps.config.connectTimeoutMs + 30_000,
  });
}

async function runInstallJob(
  deps: Deps,
  log: FastifyBaseLogger,
  { job, attempt, maxAttempts }: JobContext,
): Promise<void> {
  const { db, clock } = deps;
  const { jobId } = job.payload as { jobId: string };
  const task = await db
    .selectFrom('connect_install_jobs')
    .selectAll()
    .where('job_id', '=', jobId)
    .executeTakeFirst();
  // Done already (a job run again after its runner stopped), or gone with its site.
  if (task === undefined || task.status === 'installed' || task.status === 'failed') return;
  await updateTask(db, jobId, { status: 'running' });
  try {
    const outcome = await installApp(deps, {
      siteId: task.site_id,
      source: task.descriptor_url
        ? { descriptorUrl: task.descriptor_url }
        : { descriptor: JSON.parse(task.descriptor ?? 'null') },
      ...(task.product_type ? { productType: task.product_type } : {}),
      emailApiStatus: task.email_api_status,
      ...(task.requested_by ? { actingAccountId: task.requested_by } : {}),
    });
    for (const notice of outcome.notices) log.warn({ jobId }, notice);
    const appKey = outcome.installed.app.appKey;
    await updateTask(db, jobId, { status: 'installed', app_key: appKey, finished_at: clock.now() });
    log.info({ jobId, siteId: task.site_id }, `installed ${appKey}`);
  } catch (error) {
    if (!isVeilError(error)) log.error({ err: error, jobId }, 'connect install job broke');
    const message = describeJobError(error);
    const again = task.origin === 'scenario' && isTransient(error) && attempt < maxAttempts;
    if (again) {
      await updateTask(db, jobId, { status: 'pending', error_message: message });
      log.warn({ jobId, siteId: task.site_id }, `scenario app not installed yet: ${message}`);
      throw new JobFailure(message);
    }
    await updateTask(db, jobId, { status: 'failed', error_message: message, finished_at: clock.now() });
    log.warn({ jobId, siteId: task.site_id }, `app install failed: ${message}`);
    throw new JobFailure(message, { retry: false });
  }
}

async function updateTask(
  db: Kysely<Database>,
  jobId: string,
  changes: Partial<Pick<InstallJobRow, 'status' | 'app_key' | 'error_message' | 'finished_at'>>,
): Promise<void> {
  await db.updateTable('connect_install_jobs').set(changes).where('job_id', '=', jobId).execute();
}

// An app that is down or refused may answer next time (and an install under way ends); a descriptor
// that fails the schema will not.
function isTransient(error: unknown): boolean {
  if (!isVeilError(error)) return true;
  return (
    error.code === 'connect.descriptor_unavailable' ||
    error.code === 'connect.install_failed' ||
    error.code === 'connect.install_in_progress'
  );
}

function describeJobError(error: unknown): string {
  if (!isVeilError(error)) return 'Veil could not complete the install (see its log)';
  const details = error.details.slice(0, 20).map((detail) => `${detail.path} ${detail.message}`);
  return [error.message, ...details].join('; ');
}
