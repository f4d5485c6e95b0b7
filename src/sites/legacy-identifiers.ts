/**
 * Legacy identities: the username and userKey an account had on one site before accountIds. They are
 * site-local (the same person can be `mia` on one site and `mkrystof` on another), unique per site,
 * usernames case-insensitively (as the tracker matched them) and keys exactly. Pure rules, no I/O.
 */

import type { ErrorDetail } from '../errors/veil-error.ts';

/** An account's legacy identity on one site; either part may be absent. */
export interface LegacyIdentity {
  readonly username: string | null;
  readonly userKey: string | null;
}

export const legacyIdentifierMaxLength = 255;

/** The form usernames are compared in: lower case, as the tracker matched them. */
export function normalizeUsername(username: string): string {
  return username.toLowerCase();
}

/** Problems of one legacy identifier (`username` or `userKey`): length, surrounding space, control characters. */
export function findLegacyIdentifierProblems(value: string, path: string): ErrorDetail[] {
  if (value.length === 0 || value.length > legacyIdentifierMaxLength) {
    return [{ path, message: `must be 1 to ${legacyIdentifierMaxLength} characters` }];
  }
  if (value.trim() !== value) return [{ path, message: 'must not start or end with white space' }];
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused.
  if (/[\u0000-\u001f\u007f]/.test(value)) return [{ path, message: 'must not contain control characters' }];
  return [];
}

/** The key a username is unique by on its site. */
export function usernameKey(siteId: string, username: string): string {
  return `${siteId}\n${normalizeUsername(username)}`;
}

/** The key a userKey is unique by on its site. */
export function userKeyKey(siteId: string, userKey: string): string {
  return `${siteId}\n${userKey}`;
}
