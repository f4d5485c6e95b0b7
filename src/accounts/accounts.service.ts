import type { Kysely } from 'kysely';
import type { Clock } from '../clock/clock.ts';
import { isUniqueViolation } from '../db/errors.ts';
import type { Database } from '../db/schema.ts';
import { VeilError } from '../errors/veil-error.ts';
import type { AccountType } from '../visibility/visibility.ts';
import { generateAccountId, generateAvatarKey, isValidAccountId } from './account-id.ts';
import { type Account, accountRowToAccount } from './accounts.model.ts';
import {
  findAccountRowById,
  findAccountRowsByIds,
  findCustomerAccountRowByEmail,
  findGlobalAccountRowByEmail,
  insertAccountRow,
  updateAccountRow,
} from './accounts.repository.ts';
import { defaultPublicName, emailDomainOf, findProfileProblems, normalizeEmail } from './profile.rules.ts';
import { findVisibilitySettings } from './visibility-settings.repository.ts';

/** The editable personal data of an account; `null` clears a field. */
export interface ProfileChanges {
  email?: string;
  fullName?: string;
  publicName?: string;
  jobTitle?: string | null;
  department?: string | null;
  organization?: string | null;
  location?: string | null;
  timeZone?: string | null;
  locale?: string | null;
}

export interface NewAccount extends ProfileChanges {
  accountId?: string;
  type: AccountType;
  status?: 'active' | 'deactivated';
  fullName: string;
  appKey?: string;
  customerSiteId?: string;
}

/** Loads one account with its settings, or undefined. */
export async function findAccount(db: Kysely<Database>, accountId: string): Promise<Account | undefined> {
  if (!isValidAccountId(accountId)) return undefined;
  const row = await findAccountRowById(db, accountId);
  if (!row) return undefined;
  const settings = await findVisibilitySettings(db, [accountId]);
  return accountRowToAccount(row, settings.get(accountId));
}

/** Loads one account or fails with `account.not_found` (or `account.invalid_id`). */
export async function getAccount(db: Kysely<Database>, accountId: string): Promise<Account> {
  if (!isValidAccountId(accountId)) {
    throw new VeilError('account.invalid_id', `"${accountId.slice(0, 140)}" is not an accountId`);
  }
  const account = await findAccount(db, accountId);
  if (!account) throw new VeilError('account.not_found', `No account has the accountId ${accountId}`);
  return account;
}

/** Loads many accounts with their settings, in the order asked; unknown ids are left out. */
export async function findAccounts(db: Kysely<Database>, accountIds: readonly string[]): Promise<Account[]> {
  const ids = [...new Set(accountIds.filter(isValidAccountId))];
  const rows = await findAccountRowsByIds(db, ids);
  const settings = await findVisibilitySettings(db, ids);
  const byId = new Map(
    rows.map((row) => [row.account_id, accountRowToAccount(row, settings.get(row.account_id))]),
  );
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** Creates an account; the caller decides the transaction. */
export async function createAccount(db: Kysely<Database>, clock: Clock, input: NewAccount): Promise<Account> {
  const accountId = input.accountId ?? generateAccountId();
  assertNewAccountIsWhole(input, accountId);
  const now = clock.now();
  const email = input.email?.trim() ?? null;
  try {
    await insertAccountRow(db, {
      account_id: accountId,
      account_type: input.type,
      status: input.status ?? 'active',
      app_key: input.type === 'app' ? (input.appKey ?? null) : null,
      customer_site_id: input.type === 'customer' ? (input.customerSiteId ?? null) : null,
      email,
      email_normalized: email === null ? null : normalizeEmail(email),
      email_domain: email === null ? null : emailDomainOf(email),
      full_name: input.fullName.trim(),
      public_name: input.publicName?.trim() || defaultPublicName(input.fullName),
      avatar_key: generateAvatarKey(),
      job_title: input.jobTitle ?? null,
      department: input.department ?? null,
      organization_name: input.organization ?? null,
      location: input.location ?? null,
      time_zone: input.timeZone ?? null,
      locale: input.locale ?? null,
      created_at: now,
      updated_at: now,
    });
  } catch (error) {
    throw translateAccountConflict(error, accountId, input);
  }
  return getAccount(db, accountId);
}

function assertNewAccountIsWhole(input: NewAccount, accountId: string): void {
  const problems = findProfileProblems(input);
  if (!isValidAccountId(accountId)) {
    problems.push({ path: 'accountId', message: 'must be 1 to 128 letters, digits, "-" or ":"' });
  }
  if (input.type !== 'app' && !input.email)
    problems.push({ path: 'email', message: `is required for ${input.type} accounts` });
  if (input.type === 'app' && !input.appKey)
    problems.push({ path: 'appKey', message: 'is required for app accounts' });
  if (input.type === 'customer' && !input.customerSiteId) {
    problems.push({ path: 'site', message: 'is required for customer accounts' });
  }
  if (problems.length > 0) throw new VeilError('request.invalid', 'The account is not valid', problems);
}

function translateAccountConflict(error: unknown, accountId: string, input: NewAccount): unknown {
  if (isUniqueViolation(error, 'accounts_pkey')) {
    return new VeilError('account.id_taken', `An account with the accountId ${accountId} already exists`);
  }
  if (isUniqueViolation(error, 'accounts_app_key_key')) {
    return new VeilError('account.app_key_taken', `An app account for ${input.appKey} already exists`);
  }
  if (
    isUniqueViolation(error, 'accounts_global_email') ||
    isUniqueViolation(error, 'accounts_customer_email')
  ) {
    return new VeilError('account.email_taken', 'Another account already uses this email address');
  }
  return error;
}

/** Changes personal data; fields not named are kept. The email changes only through `setAccountEmail`. */
export async function updateProfile(
  db: Kysely<Database>,
  clock: Clock,
  accountId: string,
  changes: Omit<ProfileChanges, 'email'>,
): Promise<Account> {
  const problems = findProfileProblems(changes);
  if (problems.length > 0) throw new VeilError('request.invalid', 'The profile is not valid', problems);
  const account = await getAccount(db, accountId);
  assertNotDeleted(account);
  await updateAccountRow(db, accountId, {
    ...(changes.fullName !== undefined ? { full_name: changes.fullName.trim() } : {}),
    ...(changes.publicName !== undefined ? { public_name: changes.publicName.trim() } : {}),
    ...(changes.jobTitle !== undefined ? { job_title: changes.jobTitle } : {}),
    ...(changes.department !== undefined ? { department: changes.department } : {}),
    ...(changes.organization !== undefined ? { organization_name: changes.organization } : {}),
    ...(changes.location !== undefined ? { location: changes.location } : {}),
    ...(changes.timeZone !== undefined ? { time_zone: changes.timeZone } : {}),
    ...(changes.locale !== undefined ? { locale: changes.locale } : {}),
    updated_at: clock.now(),
  });
  return getAccount(db, accountId);
}

/**
 * Sets the email address, with no proof asked: for a confirmed change, an organization or platform admin,
 * or a scenario. The organization relation follows from the new domain (it is derived, never stored).
 */
export async function setAccountEmail(
  db: Kysely<Database>,
  clock: Clock,
  account: Account,
  email: string,
): Promise<Account> {
  assertNotDeleted(account);
  assertAccountHasEmail(account);
  const problems = findProfileProblems({ email });
  if (problems.length > 0) throw new VeilError('request.invalid', 'The email address is not valid', problems);
  const trimmed = email.trim();
  try {
    await updateAccountRow(db, account.accountId, {
      email: trimmed,
      email_normalized: normalizeEmail(trimmed),
      email_domain: emailDomainOf(trimmed),
      updated_at: clock.now(),
    });
  } catch (error) {
    throw translateAccountConflict(error, account.accountId, { type: account.accountType, fullName: '' });
  }
  return getAccount(db, account.accountId);
}

/** `request.invalid` for an app account, which has no email address. */
export function assertAccountHasEmail(account: Account): void {
  if (account.accountType === 'app') {
    throw new VeilError('request.invalid', 'App accounts have no email address', [
      { path: 'email', message: 'cannot be set on an app account' },
    ]);
  }
}

/** The other account that already uses this address where the account would need it alone, if any. */
export async function findOtherAccountWithEmail(
  db: Kysely<Database>,
  account: Account,
  email: string,
): Promise<Account | undefined> {
  const normalized = normalizeEmail(email);
  const row =
    account.accountType === 'customer' && account.customerSiteId !== null
      ? await findCustomerAccountRowByEmail(db, account.customerSiteId, normalized)
      : await findGlobalAccountRowByEmail(db, normalized);
  return row && row.account_id !== account.accountId ? accountRowToAccount(row) : undefined;
}

/** Activates or deactivates an account; personal data is kept either way. */
export async function setAccountStatus(
  db: Kysely<Database>,
  clock: Clock,
  accountId: string,
  status: 'active' | 'deactivated',
): Promise<Account> {
  const account = await getAccount(db, accountId);
  assertStatusCanChange(account);
  if (account.status !== status) await updateAccountRow(db, accountId, { status, updated_at: clock.now() });
  return getAccount(db, accountId);
}

/**
 * Only active and deactivated accounts change status by hand: a deletion is cancelled through its own
 * operation (which gives back the status it took), and a deleted account never changes again.
 */
export function assertStatusCanChange(account: Account): void {
  assertNotDeleted(account);
  if (account.status === 'deletion-requested') {
    throw new VeilError(
      'account.deletion_pending',
      'The account is waiting to be deleted; cancel the deletion to give it back its status',
    );
  }
}

/** `account.deleted` for an erased account: nothing of it changes again, whoever asks. */
export function assertNotDeleted(account: Account): void {
  if (account.status === 'deleted') {
    throw new VeilError('account.deleted', 'The account was deleted: its personal data is erased for good');
  }
}
