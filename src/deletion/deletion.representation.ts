import type { Static } from 'typebox';
import type { Deletion } from './deletion.model.ts';
import type { DeletionView } from './deletion.schemas.ts';

/** A deletion for Veil's own API. */
export function renderDeletion(deletion: Deletion): Static<typeof DeletionView> {
  return {
    accountId: deletion.accountId,
    status: deletion.status,
    requestedAt: deletion.requestedAt.toISOString(),
    requestedBy: deletion.requestedBy,
    eraseAt: deletion.dueAt.toISOString(),
    cancelledAt: deletion.cancelledAt?.toISOString() ?? null,
    erasedAt: deletion.erasedAt?.toISOString() ?? null,
  };
}
