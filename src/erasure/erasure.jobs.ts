import type { Config } from '../config/config.ts';
import type { StoreDeps } from '../db/schema.ts';
import { erasureJobKind } from '../deletion/erasure-schedule.ts';
import type { Directory } from '../directory/directory.ts';
import type { JobRunner } from '../jobs/job-runner.ts';
import { exponentialBackoff, JobFailure } from '../jobs/job-runner.ts';
import { recordErasureInLedger } from './erasure.restore.ts';
import { rewriteErasedTables, rewriteJobKind } from './erasure.rewrite.ts';
import type { ErasureHooks } from './erasure.service.ts';
import { runErasure } from './erasure.service.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps extends StoreDeps {
  readonly config: Config;
  readonly directory: Directory;
  readonly jobs: JobRunner;
}

function deletionIdOf(payload: unknown): string {
  const deletionId = (payload as { deletionId?: unknown } | null)?.deletionId;
  if (typeof deletionId !== 'string') throw new JobFailure('the job names no deletion', { retry: false });
  return deletionId;
}

/** Registers the erasure handler, and the rewrite on disk that follows, on the process's job runner. */
export function registerErasureJobs(deps: Deps, hooks: ErasureHooks): void {
  deps.jobs.register(
    erasureJobKind,
    async ({ job }) => {
      const deletionId = deletionIdOf(job.payload);
      const outcome = await runErasure(deps, deletionId, hooks);
      // Also when an earlier attempt erased but could not write the ledger (a full disk, say).
      if (outcome !== 'not-due') await recordErasureInLedger(deps, deletionId);
      // The next read here sees the former user, not the person; and no other live node still serves
      // the person once this returns (each has applied the erasure from the change log, or waited 5 s).
      await deps.directory.settleEverywhere(5000);
    },
    // An erasure must happen: many attempts, an hour apart at most; the scan of a large store takes time.
    { maxAttempts: 100, backoffMs: exponentialBackoff(1000, 60 * 60 * 1000), leaseMs: 10 * 60 * 1000 },
  );
  deps.jobs.register(
    rewriteJobKind,
    async () => {
      await rewriteErasedTables(deps);
    },
    // VACUUM FULL of a table of millions of rows takes minutes: a long lease, and a minute between tries.
    { maxAttempts: 100, backoffMs: exponentialBackoff(60_000, 60 * 60 * 1000), leaseMs: 60 * 60 * 1000 },
  );
}
