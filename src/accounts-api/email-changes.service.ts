/**
 * Email changes. A person proves a new address before it becomes theirs: Veil mails a single-use link
 * there (its token stored hashed, expiring by the injected clock) and changes nothing until the link is
 * followed; then the address is set and the organization relation follows from its domain, as it always
 * does. The answer to a request is the same whether or not the address is taken: if it is, the mail says
 * so to the address's owner and carries no link. Accounts an organization manages change their address
 * through its admin only, and only within its verified domains; platform admins set any address.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Account } from '../accounts/accounts.model.ts';
import { findManagingOrganizationIdOfDomain } from '../accounts/accounts.repository.ts';
import {
  assertAccountHasEmail,
  assertStatusCanChange,
  findOtherAccountWithEmail,
  getAccount,
  setAccountEmail,
} from '../accounts/accounts.service.ts';
import { emailDomainOf, findProfileProblems, normalizeEmail } from '../accounts/profile.rules.ts';
import { type Caller, requireAccountAdmin } from '../auth/caller.ts';
import type { Clock } from '../clock/clock.ts';
import { hashSecret } from '../credentials/credentials.service.ts';
import type { Database } from '../db/schema.ts';
import { VeilError } from '../errors/veil-error.ts';
import { queueMail } from '../mail/mail.service.ts';
import { getOrganization, type Organization } from '../organizations/organizations.service.ts';
import { queueUserEvent } from '../webhooks/webhooks.service.ts';
import { composeAddressInUseMail, composeConfirmationMail, confirmationLink } from './email-changes.mail.ts';
import {
  deleteEmailChangeRow,
  findEmailChangeRow,
  findEmailChangeRowByTokenHashForUpdate,
  upsertEmailChangeRow,
} from './email-changes.repository.ts';

/** How long a confirmation link works. */
export const emailChangeLinkLifetimeMs = 24 * 60 * 60 * 1000;

/** A change waiting for its link to be followed. */
export interface PendingEmailChange {
  readonly email: string;
  readonly expiresAt: Date;
}

/** `account.email_managed` for an account an organization manages: its admin changes the address. */
export function assertMayChangeOwnEmail(account: Account): void {
  // Deleted, or waiting to be: the address is kept until the erasure (or the cancellation).
  assertStatusCanChange(account);
  assertAccountHasEmail(account);
  if (account.managingOrganizationId !== null) {
    throw new VeilError(
      'account.email_managed',
      `Your account is managed by the organization ${account.managingOrganizationId}: only its admin can change your email address`,
    );
  }
}

/** Whether `email` is the account's own address (give or take letter case): no proof needed for that. */
export function isOwnAddress(account: Account, email: string): boolean {
  return account.profile.email !== null && normalizeEmail(account.profile.email) === normalizeEmail(email);
}

/**
 * Starts a change to `email` in the caller's transaction: replaces any earlier request, and queues the
 * mail to the new address. What the caller learns does not depend on whether the address is taken.
 */
export async function requestEmailChange(
  db: Kysely<Database>,
  clock: Clock,
  account: Account,
  email: string,
  baseUrl: string,
): Promise<PendingEmailChange> {
  assertMayChangeOwnEmail(account);
  const problems = findProfileProblems({ email });
  if (problems.length > 0) throw new VeilError('request.invalid', 'The email address is not valid', problems);
  const newEmail = email.trim();
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(clock.now().getTime() + emailChangeLinkLifetimeMs);
  await upsertEmailChangeRow(db, {
    account_id: account.accountId,
    new_email: newEmail,
    token_hash: hashSecret(token),
    requested_at: clock.now(),
    expires_at: expiresAt,
  });
  const owner = await findOtherAccountWithEmail(db, account, newEmail);
  const mail = owner
    ? { accountId: owner.accountId, ...composeAddressInUseMail() }
    : {
        accountId: account.accountId,
        ...composeConfirmationMail(confirmationLink(baseUrl, token), expiresAt),
      };
  await queueMail(db, clock, { ...mail, to: newEmail, purpose: 'email-change' });
  return { email: newEmail, expiresAt };
}

/** The account's change still waiting for its link (none once it expired). */
export async function findPendingEmailChange(
  db: Kysely<Database>,
  clock: Clock,
  accountId: string,
): Promise<PendingEmailChange | null> {
  const row = await findEmailChangeRow(db, accountId);
  if (!row || row.expires_at <= clock.now()) return null;
  return { email: row.new_email, expiresAt: row.expires_at };
}

/** What following a link did: the account with its new address, and the organization managing it now. */
export interface ConfirmedEmailChange {
  readonly account: Account;
  readonly organization: Organization | null;
}

/**
 * Follows a confirmation link, in one transaction with its `user_updated`: the address becomes the
 * account's and the link stops working. Refused when the link is unknown, used or replaced, expired,
 * when the account is managed by now, or when the address was taken meanwhile.
 */
export async function confirmEmailChange(
  db: Kysely<Database>,
  clock: Clock,
  token: string,
): Promise<ConfirmedEmailChange> {
  const account = await db.transaction().execute(async (trx) => {
    const changed = await applyConfirmedChange(trx, clock, token);
    await queueUserEvent(trx, clock, 'user_updated', changed.accountId, {
      actingAccountId: changed.accountId,
    });
    return changed;
  });
  const organizationId = account.managingOrganizationId;
  return { account, organization: organizationId ? await getOrganization(db, organizationId) : null };
}

async function applyConfirmedChange(db: Kysely<Database>, clock: Clock, token: string): Promise<Account> {
  const row = await findEmailChangeRowByTokenHashForUpdate(db, hashSecret(token));
  if (!row) {
    throw new VeilError(
      'email_change.link_invalid',
      'This link does not confirm anything: it was used already, a newer request replaced it, or it was never sent',
    );
  }
  if (row.expires_at <= clock.now()) {
    throw new VeilError('email_change.link_expired', 'This link has expired: ask for the change again');
  }
  const account = await getAccount(db, row.account_id);
  assertMayChangeOwnEmail(account);
  await deleteEmailChangeRow(db, account.accountId);
  return setAccountEmail(db, clock, account, row.new_email);
}

/**
 * An admin sets the address, in one transaction with its `user_updated`: a platform admin any address,
 * the managing organization's admin only one that keeps the account managed by the same organization,
 * that is, in one of its verified domains. A change waiting for its link is dropped.
 */
export async function setEmailAsAdmin(
  db: Kysely<Database>,
  clock: Clock,
  caller: Caller,
  accountId: string,
  email: string,
): Promise<Account> {
  return db.transaction().execute(async (trx) => {
    const account = await getAccount(trx, accountId);
    const admin = requireAccountAdmin(caller, account);
    if (!admin.isPlatformAdmin) await assertInManagingOrganization(trx, account, email);
    const updated = await setAccountEmail(trx, clock, account, email);
    await deleteEmailChangeRow(trx, accountId);
    await queueUserEvent(trx, clock, 'user_updated', accountId, { actingAccountId: admin.account.accountId });
    return updated;
  });
}

/** `account.email_outside_organization` unless the address is in a verified domain of the account's organization. */
async function assertInManagingOrganization(db: Kysely<Database>, account: Account, email: string) {
  // Checked before the address is tried, so an organization admin learns nothing of addresses elsewhere.
  const organizationId = await findManagingOrganizationIdOfDomain(db, emailDomainOf(email));
  if (organizationId === null || organizationId !== account.managingOrganizationId) {
    throw new VeilError(
      'account.email_outside_organization',
      `An organization admin sets an address only in one of the organization's verified domains (${account.managingOrganizationId})`,
    );
  }
}
