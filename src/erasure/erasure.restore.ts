/**
 * Erasures survive a restored backup. Every erasure is appended to the erasure ledger once it commits
 * (erasure.ledger.ts); at start Veil erases again every account the ledger names for this store that
 * still holds personal data (a backup taken before its erasure was restored), and adds to the ledger
 * any erasure the store holds that it lacks (an append cut off by a crash just after the commit).
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock/clock.ts';
import type { Config } from '../config/config.ts';
import type { Database } from '../db/schema.ts';
import { deletionRowToDeletion } from '../deletion/deletion.model.ts';
import {
  findDeletionRowForUpdate,
  findPendingDeletionRowForUpdate,
  insertDeletionRow,
} from '../deletion/deletion.repository.ts';
import { appendToLedger, readLedger } from './erasure.ledger.ts';
import {
  findAccountIdsNotErased,
  findErasedAccountOfDeletion,
  findStoreId,
  listErasedAccountIds,
  lockAccountStatus,
} from './erasure.repository.ts';
import { type ErasureHooks, eraseAccount } from './erasure.service.ts';

interface LedgerDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly config: Pick<Config, 'erasureLedger'>;
}

/** What the start-up pass over the ledger did. */
export interface LedgerReconciliation {
  /** Accounts erased again: the ledger named them, the store still held their personal data. */
  readonly reapplied: number;
  /** Erasures of the store that the ledger lacked, now added to it. */
  readonly recorded: number;
}

/** Re-applies the ledger's erasures to the store, then records the store's in the ledger (see above). */
export async function reconcileErasureLedger(
  deps: LedgerDeps,
  hooks: ErasureHooks,
): Promise<LedgerReconciliation> {
  const path = deps.config.erasureLedger;
  if (path === null) return { reapplied: 0, recorded: 0 };
  const storeId = await findStoreId(deps.db);
  const listed = await readLedger(path, storeId);
  const stillHeld = await findAccountIdsNotErased(deps.db, [...listed]);
  let reapplied = 0;
  for (const accountId of stillHeld) {
    if (await reapplyErasure(deps, accountId, hooks)) reapplied += 1;
  }
  const missing = (await listErasedAccountIds(deps.db)).filter((accountId) => !listed.has(accountId));
  await appendToLedger(path, storeId, [...new Set(missing)]);
  return { reapplied, recorded: new Set(missing).size };
}

/**
 * Erases the account again, in one transaction: through its waiting deletion if the restored store has
 * one, else through a deletion asked for by the ledger (role `erasure-ledger`). False if another process
 * got there first.
 */
async function reapplyErasure(deps: LedgerDeps, accountId: string, hooks: ErasureHooks): Promise<boolean> {
  const { db, clock } = deps;
  return db.transaction().execute(async (trx) => {
    const status = await lockAccountStatus(trx, accountId);
    if (status === undefined || status === 'deleted') return false;
    let row = await findPendingDeletionRowForUpdate(trx, accountId);
    if (!row) {
      const deletionId = randomUUID();
      await insertDeletionRow(trx, {
        deletion_id: deletionId,
        account_id: accountId,
        status: 'pending',
        requested_at: clock.now(),
        requested_by: null,
        requested_by_role: 'erasure-ledger',
        due_at: clock.now(),
        previous_status: status === 'deactivated' ? 'deactivated' : 'active',
      });
      row = await findDeletionRowForUpdate(trx, deletionId);
    }
    if (!row) throw new Error('the deletion just written is not there');
    await eraseAccount(trx, clock, deletionRowToDeletion(row), hooks);
    return true;
  });
}

/** After the erasure job: puts the deletion's erasure in the ledger once it has committed. */
export async function recordErasureInLedger(deps: LedgerDeps, deletionId: string): Promise<void> {
  const path = deps.config.erasureLedger;
  if (path === null) return;
  const accountId = await findErasedAccountOfDeletion(deps.db, deletionId);
  if (accountId === undefined) return;
  await appendToLedger(path, await findStoreId(deps.db), [accountId]);
}
