/**
 * An organization admin's changes to the accounts the organization manages, as the apps hear of them:
 * each is `user_updated`, queued in the transaction that makes the change.
 */
import type { Kysely } from 'kysely';
import type { Account } from '../accounts/accounts.model.ts';
import { getAccount } from '../accounts/accounts.service.ts';
import {
  type ManagedVisibilityChoices,
  setManagedVisibility,
} from '../accounts/visibility-settings.service.ts';
import type { Clock } from '../clock/clock.ts';
import type { Database } from '../db/schema.ts';
import { queueUserEvent } from '../webhooks/webhooks.service.ts';

/**
 * Sets, and locks or unlocks, visibility settings of an account the organization manages, for its admin
 * `actingAccountId`, in one transaction with the `user_updated`. The account as it now is.
 */
export async function changeManagedVisibility(
  db: Kysely<Database>,
  clock: Clock,
  target: { readonly organizationId: string; readonly accountId: string },
  choices: ManagedVisibilityChoices,
  actingAccountId: string,
): Promise<Account> {
  const { organizationId, accountId } = target;
  await db.transaction().execute(async (trx) => {
    await setManagedVisibility(trx, await getAccount(trx, accountId), organizationId, choices);
    await queueUserEvent(trx, clock, 'user_updated', accountId, { actingAccountId });
  });
  return getAccount(db, accountId);
}
