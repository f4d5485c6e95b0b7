import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RateBudget, RateLimitSettings } from '../config/config.ts';
import type { VeilApp } from '../http/server.ts';
import { refuseOverLimit } from './rate-limit-headers.ts';

/** The reason a locked-out attempt is refused with. */
export const authFailuresReason = 'veil-auth-failures';

/** How many addresses' and accounts' failure counts are kept at once (the oldest forgotten first). */
const countedSubjects = 20_000;

type Counter = ReturnType<VeilApp['createRateLimit']>;

/** What @fastify/rate-limit counts by: the key is the address or the account. */
interface Counted {
  readonly key: string;
  readonly routeOptions: { readonly config: Record<string, never> };
}

/**
 * Failed sign-ins and authentications (a wrong email and API token, an unknown bearer token, a JWT
 * that does not verify), counted per source address and per account. Once either has failed too often
 * in its window, attempts are refused with 429 before any credential is checked, right ones included,
 * so guessing learns nothing more until the window ends. Successes are not counted.
 */
export class AuthFailureLimiter {
  readonly #perAddress: Counter;
  readonly #perAccount: Counter;

  constructor(app: VeilApp, settings: RateLimitSettings) {
    this.#perAddress = createCounter(app, settings.authFailuresPerAddress);
    this.#perAccount = createCounter(app, settings.authFailuresPerAccount);
  }

  /** Throws `auth.too_many_failures` (429, with the rate-limit headers) while the address or account is locked. */
  async assertMayTry(request: FastifyRequest, reply: FastifyReply, account: string | null): Promise<void> {
    const checks = [this.#perAddress(counted(`address:${request.ip}`), { increment: false })];
    if (account !== null) checks.push(this.#perAccount(counted(`account:${account}`), { increment: false }));
    for (const state of await Promise.all(checks)) {
      if (state.isAllowed || state.remaining > 0) continue;
      throw refuseOverLimit(
        reply,
        state,
        'auth.too_many_failures',
        authFailuresReason,
        'Too many failed sign-ins from this address or for this account',
      );
    }
  }

  /** Counts one failed attempt against the address and the account it named (if any). */
  async recordFailure(request: FastifyRequest, account: string | null): Promise<void> {
    await this.#perAddress(counted(`address:${request.ip}`));
    if (account !== null) await this.#perAccount(counted(`account:${account}`));
  }
}

function counted(key: string): FastifyRequest {
  const subject: Counted = { key, routeOptions: { config: {} } };
  return subject as unknown as FastifyRequest;
}

function createCounter(app: VeilApp, budget: RateBudget): Counter {
  return app.createRateLimit({
    keyGenerator: (subject) => (subject as unknown as Counted).key,
    max: budget.max,
    timeWindow: budget.windowMs,
    cache: countedSubjects,
  } as Parameters<VeilApp['createRateLimit']>[0]);
}
