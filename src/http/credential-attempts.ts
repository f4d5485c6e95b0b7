/**
 * Credentials checked with the failure lock-out around them (see src/rate-limits/auth-failures.ts):
 * refused at once while the address or the account is locked out; a failure counts towards it.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { VeilError } from '../errors/veil-error.ts';
import type { Dependencies } from './server.ts';

/** Who failed sign-ins are counted against: the email as typed, case and spaces aside. */
export function accountKeyOf(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Checks a credential with the failure lock-out around it: refused at once while the address (or the
 * account) is locked out; a 401 counts towards the lock-out.
 */
export async function checkCredential<T>(
  deps: Dependencies,
  request: FastifyRequest,
  reply: FastifyReply,
  account: string | null,
  check: () => Promise<T>,
): Promise<T> {
  await deps.authFailures.assertMayTry(request, reply, account);
  try {
    return await check();
  } catch (error) {
    if (error instanceof VeilError && error.status === 401)
      await deps.authFailures.recordFailure(request, account);
    throw error;
  }
}
