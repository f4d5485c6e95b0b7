import type { Generated } from 'kysely';

/**
 * A request to delete an account: made by the person or an admin, cancellable until `due_at`, then
 * carried out by the erasure (status `erased`). Holds accountIds and times only, no personal data.
 */
export interface AccountDeletionsTable {
  deletion_id: string;
  account_id: string;
  status: 'pending' | 'cancelled' | 'erased';
  requested_at: Date;
  /** Who asked; null for a scenario file. */
  requested_by: string | null;
  requested_by_role: DeletionRequesterRole;
  due_at: Date;
  /** What a cancelled request gives the account back. */
  previous_status: 'active' | 'deactivated';
  cancelled_at: Date | null;
  cancelled_by: string | null;
  erased_at: Date | null;
  /** Erasure attempts begun (an attempt that was cut off leaves nothing behind but this count). */
  attempts: Generated<number>;
  first_attempt_at: Date | null;
  last_attempt_at: Date | null;
}

/** `erasure-ledger`: re-applied at start to a restored backup, from the erasure ledger (erasure.ledger.ts). */
export type DeletionRequesterRole =
  | 'self'
  | 'organization-admin'
  | 'platform-admin'
  | 'scenario'
  | 'erasure-ledger';

export interface DeletionTables {
  account_deletions: AccountDeletionsTable;
}
