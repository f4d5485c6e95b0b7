import type { Kysely } from 'kysely';
import {
  getAccount,
  type ProfileChanges,
  setAccountEmail,
  updateProfile,
} from '../accounts/accounts.service.ts';
import { findProfileProblems } from '../accounts/profile.rules.ts';
import { setOwnVisibility, type VisibilityChoices } from '../accounts/visibility-settings.service.ts';
import type { Clock } from '../clock/clock.ts';
import type { Database } from '../db/schema.ts';
import { VeilError } from '../errors/veil-error.ts';
import { queueUserEvent } from '../webhooks/webhooks.service.ts';
import { assertMayChangeOwnEmail, isOwnAddress, requestEmailChange } from './email-changes.service.ts';

/** What became of a person's own profile change: applied at once, or the new email waits for its link. */
export type OwnProfileOutcome = 'applied' | 'email-change-requested';

/**
 * A person changes their own profile, in one transaction: the values are applied at once, but a new
 * email address only once it is proven (`requestEmailChange`). A managed person asking for a new address
 * is refused before anything is written. Apps hear `user_updated` for what was applied.
 */
export async function changeOwnProfile(
  db: Kysely<Database>,
  clock: Clock,
  accountId: string,
  body: ProfileChanges,
  baseUrl: string,
): Promise<OwnProfileOutcome> {
  const problems = findProfileProblems(body);
  if (problems.length > 0) throw new VeilError('request.invalid', 'The profile is not valid', problems);
  const { email, ...values } = body;
  return db.transaction().execute(async (trx) => {
    const account = await getAccount(trx, accountId);
    const newAddress = email !== undefined && !isOwnAddress(account, email);
    if (newAddress) assertMayChangeOwnEmail(account);
    const recase = email !== undefined && !newAddress && email.trim() !== account.profile.email;
    if (Object.keys(values).length > 0) await updateProfile(trx, clock, accountId, values);
    // The same address in other letter case needs no proof: it is the same mailbox.
    if (recase) await setAccountEmail(trx, clock, await getAccount(trx, accountId), email);
    if (Object.keys(values).length > 0 || recase) {
      await queueUserEvent(trx, clock, 'user_updated', accountId, { actingAccountId: accountId });
    }
    if (!newAddress) return 'applied';
    await requestEmailChange(trx, clock, account, email, baseUrl);
    return 'email-change-requested';
  });
}

/** A person sets the visibility of their own fields, in one transaction with its `user_updated`. */
export async function changeOwnVisibility(
  db: Kysely<Database>,
  clock: Clock,
  accountId: string,
  choices: VisibilityChoices,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await setOwnVisibility(trx, await getAccount(trx, accountId), choices);
    await queueUserEvent(trx, clock, 'user_updated', accountId, { actingAccountId: accountId });
  });
}
