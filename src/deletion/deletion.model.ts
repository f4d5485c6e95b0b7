import type { Selectable } from 'kysely';
import type { AccountDeletionsTable, DeletionRequesterRole } from '../db/tables/deletion.table.ts';

export type DeletionRow = Selectable<AccountDeletionsTable>;

/** A deletion request as the services use it. */
export interface Deletion {
  readonly deletionId: string;
  readonly accountId: string;
  readonly status: 'pending' | 'cancelled' | 'erased';
  readonly requestedAt: Date;
  readonly requestedBy: { readonly role: DeletionRequesterRole; readonly accountId: string | null };
  readonly dueAt: Date;
  readonly previousStatus: 'active' | 'deactivated';
  readonly cancelledAt: Date | null;
  readonly cancelledBy: string | null;
  readonly erasedAt: Date | null;
  readonly attempts: number;
  readonly firstAttemptAt: Date | null;
}

/** Maps a stored deletion row to the domain object. */
export function deletionRowToDeletion(row: DeletionRow): Deletion {
  return {
    deletionId: row.deletion_id,
    accountId: row.account_id,
    status: row.status,
    requestedAt: row.requested_at,
    requestedBy: { role: row.requested_by_role, accountId: row.requested_by },
    dueAt: row.due_at,
    previousStatus: row.previous_status,
    cancelledAt: row.cancelled_at,
    cancelledBy: row.cancelled_by,
    erasedAt: row.erased_at,
    attempts: row.attempts,
    firstAttemptAt: row.first_attempt_at,
  };
}
