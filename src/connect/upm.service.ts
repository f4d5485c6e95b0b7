/**
 * Installs through the plugin manager: a site admin's descriptor URL becomes a queued install job, and
 * the job is the task UPM polls.
 */
import type { Kysely } from 'kysely';
import type { ProductType } from '../apps/apps.model.ts';
import type { Clock } from '../clock/clock.ts';
import type { Database } from '../db/schema.ts';
import { VeilError } from '../errors/veil-error.ts';
import { createInstallJob, findInstallJob, type InstallJobRow } from './install-jobs.ts';

/** A site admin's install from a descriptor URL. */
export interface UpmInstallRequest {
  readonly siteId: string;
  readonly descriptorUrl: string;
  readonly productType: ProductType;
  readonly requestedBy: string;
}

/** Queues the install, in one transaction (the job runs once it commits); the task's id. */
export async function queueUpmInstall(
  db: Kysely<Database>,
  clock: Clock,
  install: UpmInstallRequest,
): Promise<string> {
  return db.transaction().execute((trx) =>
    createInstallJob(trx, clock, {
      origin: 'upm',
      siteId: install.siteId,
      source: { descriptorUrl: install.descriptorUrl },
      productType: install.productType,
      requestedBy: install.requestedBy,
    }),
  );
}

/** The install task on the site, or `connect.install_task_not_found`. */
export async function getInstallTask(
  db: Kysely<Database>,
  siteId: string,
  taskId: string,
): Promise<InstallJobRow> {
  const job = await findInstallJob(db, siteId, taskId);
  if (!job) throw new VeilError('connect.install_task_not_found', `No install task ${taskId}`);
  return job;
}
