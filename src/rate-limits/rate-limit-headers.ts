import type { FastifyReply } from 'fastify';
import type { ErrorCode } from '../errors/catalogue.ts';
import { VeilError } from '../errors/veil-error.ts';

/** What a limiter said of one request (from @fastify/rate-limit's `createRateLimit`). */
export interface LimitState {
  readonly max: number;
  readonly remaining: number;
  /** Milliseconds until the window ends. */
  readonly ttl: number;
}

/**
 * `X-RateLimit-Reset` as the tracker writes it (`yyyy-MM-ddTHH:mmZ`): the request's time plus the
 * wait, rounded up to the minute so a client that waits until then is never early.
 */
export function formatRateLimitReset(now: number, waitSeconds: number): string {
  const minute = 60_000;
  const reset = Math.ceil((now + waitSeconds * 1000) / minute) * minute;
  return `${new Date(reset).toISOString().slice(0, 16)}Z`;
}

/** The headers every limited answer carries, as the tracker sends them. */
export function setRateLimitHeaders(reply: FastifyReply, state: LimitState): void {
  reply.header('X-RateLimit-Limit', state.max);
  reply.header('X-RateLimit-Remaining', state.remaining);
}

/**
 * The refusal: `Retry-After` (seconds), `X-RateLimit-Reset`, `RateLimit-Reason` on the reply, and the
 * error to throw, which each API renders in its own error format. Windows run on the wall clock, not
 * Veil's movable clock: they protect the process, which lives in real time.
 */
export function refuseOverLimit(
  reply: FastifyReply,
  state: LimitState,
  code: ErrorCode,
  reason: string,
  message: string,
): VeilError {
  const waitSeconds = Math.max(1, Math.ceil(state.ttl / 1000));
  reply.header('X-RateLimit-Limit', state.max);
  reply.header('X-RateLimit-Remaining', 0);
  reply.header('Retry-After', waitSeconds);
  reply.header('X-RateLimit-Reset', formatRateLimitReset(Date.now(), waitSeconds));
  reply.header('RateLimit-Reason', reason);
  // The connection closes after the refusal: the body the client is still sending is not read at all.
  reply.header('Connection', 'close');
  return new VeilError(code, `${message}; retry in ${waitSeconds} s`);
}
