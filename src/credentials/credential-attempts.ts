/**
 * Credentials checked with the failure lock-out around them (see auth-failures.ts):
 * refused at once while the address or the account is locked out; a failure counts towards it.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Directory } from '../directory/directory.ts';
import { VeilError } from '../errors/veil-error.ts';
import type { AuthFailureLimiter } from '../rate-limits/auth-failures.ts';
import { hashSecret } from './credentials.service.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps {
  readonly authFailures: AuthFailureLimiter;
}

/** Who failed sign-ins are counted against: the email as typed, case and spaces aside. */
export function accountKeyOf(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * The refusal that means a guessed credential: a JWT whose signature does not verify (someone guessing
 * a shared secret). Not counted: a JWT from an issuer that is not (or no longer) installed, an expired
 * or mistimed one, and bearer tokens, which are 256 random bits that no one guesses (a refused one is
 * expired or from an uninstalled app, a client's mistake).
 */
const guessedCredentialCodes: ReadonlySet<string> = new Set(['jwt.invalid']);

/**
 * Checks a credential with the failure lock-out around it: refused at once while the address (or the
 * account) is locked out; a refusal that means a guess counts towards the lock-out.
 */
export async function checkCredential<T>(
  deps: Deps,
  request: FastifyRequest,
  reply: FastifyReply,
  account: string | null,
  check: () => Promise<T>,
): Promise<T> {
  await deps.authFailures.assertMayTry(request, reply, account);
  try {
    return await check();
  } catch (error) {
    if (error instanceof VeilError && guessedCredentialCodes.has(error.code))
      await deps.authFailures.recordFailure(request, account);
    throw error;
  }
}

/**
 * Whether an email and API token belong together, whatever the account's status: refusing such a pair
 * (a deactivated account, say) is not a guess, and does not count towards the failure lock-out.
 */
export async function isKnownCredential(
  directory: Directory,
  email: string,
  token: string,
  siteId: string | null,
): Promise<boolean> {
  const accountId = await directory.accountIdForEmail(email, siteId);
  return accountId !== undefined && (await directory.token(hashSecret(token)))?.accountId === accountId;
}
