import type { Kysely } from 'kysely';
import type { Clock } from '../clock/clock.ts';
import type { Database } from '../db/schema.ts';
import { enqueueJob } from '../jobs/jobs.service.ts';

/** The job that erases a deleted account when its deletion falls due (run by src/erasure/erasure.jobs.ts). */
export const erasureJobKind = 'account.erase';

/** Queues the erasure for `dueAt` in the caller's transaction. */
export async function scheduleErasure(
  db: Kysely<Database>,
  clock: Clock,
  deletionId: string,
  dueAt: Date,
): Promise<void> {
  await enqueueJob(db, clock, {
    kind: erasureJobKind,
    payload: { deletionId },
    runAt: dueAt,
    key: `${deletionId}@${dueAt.toISOString()}`,
  });
}
