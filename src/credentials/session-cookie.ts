/**
 * The session cookie and the CSRF token that goes with it. A browser sends the cookie with any request
 * to Veil, also one a hostile page makes it send, so a state-changing request that only the cookie
 * authenticates must also carry the session's CSRF token in a header, which no other origin can read or
 * set. The token is an HMAC of the session id: nothing more to store, the same in every Veil process
 * that shares the secret key.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const sessionCookieName = 'veil_session';

/** The header that carries the CSRF token on cookie-authenticated requests that change something. */
export const csrfHeaderName = 'x-veil-csrf-token';

/** The methods that never change anything, and so need no CSRF token. */
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Sets the session cookie: HttpOnly, SameSite=Strict, Secure whenever the request came over TLS. Its
 * life is a Max-Age counted from `now` (Veil's clock), so a browser whose clock differs, or a Veil whose
 * clock was moved, still keeps it exactly as long as the session lasts.
 */
export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  session: { sessionId: string; expiresAt: Date },
  now: Date,
): void {
  reply.setCookie(sessionCookieName, session.sessionId, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    // `request.protocol` believes X-Forwarded-Proto only from the proxies `--trust-proxy` names.
    secure: request.protocol === 'https',
    maxAge: Math.max(0, Math.floor((session.expiresAt.getTime() - now.getTime()) / 1000)),
  });
}

/** Tells the browser to forget the session cookie. */
export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(sessionCookieName, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
  });
}

/** The CSRF token of a session: an HMAC of its id under Veil's secret key, in base64url. */
export function csrfTokenFor(secretKey: Buffer, sessionId: string): string {
  return createHmac('sha256', secretKey).update(`veil-csrf\n${sessionId}`).digest('base64url');
}

/** Whether the method can change state, so that a cookie-authenticated request needs the CSRF token. */
export function needsCsrfToken(method: string): boolean {
  return !safeMethods.has(method.toUpperCase());
}

/** Whether `presented` is the session's CSRF token (compared in constant time). */
export function isCsrfTokenValid(secretKey: Buffer, sessionId: string, presented: unknown): boolean {
  if (typeof presented !== 'string' || presented === '') return false;
  const expected = Buffer.from(csrfTokenFor(secretKey, sessionId));
  const given = Buffer.from(presented);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
