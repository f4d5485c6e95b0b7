/**
 * Erasure reaches the disk. An UPDATE or DELETE leaves the old row in the table's file, and its keys in
 * the index files, until the space happens to be reused; a plain VACUUM marks that space free but leaves
 * the bytes where they were (on PGlite a deleted row's email stays readable in both). VACUUM FULL writes
 * each table and its indexes into new files and truncates the old ones, so the old rows leave the data
 * folder. It cannot run in a transaction and locks its table (ACCESS EXCLUSIVE) while it copies it, so
 * it runs after the erasure has committed, as a durable job shared by every erasure of the same minute.
 * That lock is the price: every query of the table waits while it is copied (about 14 s for a million
 * accounts on PostgreSQL), so a large store may leave the rewrite to its operator (`--erasure-rewrite off`).
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../clock/clock.ts';
import type { Config } from '../config/config.ts';
import type { Database, StoreDeps } from '../db/schema.ts';
import { JobFailure } from '../jobs/job-runner.ts';
import { enqueueJob } from '../jobs/jobs.service.ts';
import type { TableOutcome } from './erasure.model.ts';
import {
  checkpointStore,
  listReportRowsAwaitingRewrite,
  markReportsRewritten,
  rewriteTablesOnDisk,
} from './erasure.repository.ts';
import { listCatalogue } from './erasure.scan.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps extends StoreDeps {
  readonly config: Config;
}

/** The job that rewrites the tables erasures changed (see above). */
export const rewriteJobKind = 'erasure.rewrite';

/** Erasures of one minute share one rewrite, run at the end of that minute. */
export const rewriteBatchMs = 60_000;

/** How long the rewrite waits for a table's lock before it gives up and is tried again later. */
export const rewriteLockTimeout = '5s';

/**
 * The search tables lose the person before the erasure's own transaction: its fence marks the account,
 * and search drops a former user at once (erasure.service.ts). Their old rows are on disk whether or not
 * the erasure found any left.
 */
const emptiedByTheFence: ReadonlySet<string> = new Set(['account_search_names', 'account_search_terms']);

/** The tables an erasure changed, or its fence did: the ones whose old rows may still be on disk. */
export function tablesToRewrite(outcomes: readonly TableOutcome[]): string[] {
  return outcomes
    .filter(
      (outcome) => outcome.action !== 'kept' && (outcome.rows > 0 || emptiedByTheFence.has(outcome.table)),
    )
    .map((outcome) => outcome.table);
}

/** Queues the rewrite that follows an erasure, in the erasure's transaction (one per minute). */
export async function scheduleRewrite(db: Kysely<Database>, clock: Clock): Promise<void> {
  const runAt = new Date(Math.ceil((clock.now().getTime() + 1) / rewriteBatchMs) * rewriteBatchMs);
  await enqueueJob(db, clock, { kind: rewriteJobKind, payload: {}, runAt, key: runAt.toISOString() });
}

/**
 * Rewrites every table that an erasure not yet rewritten changed, then marks those erasures' reports.
 * An erasure that committed meanwhile gets a rewrite of its own: its job, or (when it was queued under
 * this job's key, just before this one started) the one queued here. Returns how many reports it marked.
 */
export async function rewriteErasedTables(deps: Deps): Promise<number> {
  const { db, clock } = deps;
  // Left to the operator: the reports stay unmarked; the first rewrite once Veil runs `full` takes them along.
  if (deps.config.erasureRewrite === 'off') return 0;
  const waiting = await listReportRowsAwaitingRewrite(db);
  if (waiting.length === 0) return 0;
  const existing = await listCatalogue(db);
  const tables = [...new Set(waiting.flatMap((row) => tablesToRewrite(row.report.tables)))]
    .filter((table) => existing.has(table))
    .sort();
  try {
    await rewriteTablesOnDisk(db, tables, rewriteLockTimeout);
  } catch (error) {
    if ((error as { code?: string }).code === '55P03') {
      throw new JobFailure(`a table stayed locked for more than ${rewriteLockTimeout}`);
    }
    throw error;
  }
  if (deps.config.store.kind === 'pglite') await checkpointStore(db);
  await markReportsRewritten(
    db,
    waiting.map((row) => row.deletion_id),
    clock.now(),
  );
  if ((await listReportRowsAwaitingRewrite(db)).length > 0) await scheduleRewrite(db, clock);
  return waiting.length;
}
