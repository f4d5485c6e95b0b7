import { randomBytes } from 'node:crypto';

const accountIdPattern = /^[A-Za-z0-9:-]{1,128}$/;

/** Whether `value` has the form of an accountId: 1 to 128 of letters, digits, `-` and `:`. */
export function isValidAccountId(value: string): boolean {
  return accountIdPattern.test(value);
}

/**
 * A new accountId: 24 random hex digits, the same form for every account type, so that neither the
 * type nor the order of creation can be read from it.
 */
export function generateAccountId(): string {
  return randomBytes(12).toString('hex');
}

/** An unguessable key for an account's avatar image, unrelated to its accountId or email. */
export function generateAvatarKey(): string {
  return randomBytes(16).toString('base64url');
}
