import type { FastifyReply, FastifyRequest } from 'fastify';
import { anonymousCaller } from './caller.ts';

const noSession = Object.freeze({ state: 'none' as const });

/**
 * One way of signing in (an API token, a session cookie, a Connect JWT, a bearer token), each living in
 * the capability that issues its credential and composed in the order `createApp` gives. A method
 * answers `notMine` when the request does not carry its kind of credential; otherwise it sets the
 * request's caller (and session) and answers `settled`, or a promise that settles when it has.
 */
export type SignInMethod = (request: FastifyRequest, reply: FastifyReply) => SignInAttempt;

export type SignInAttempt = typeof notMine | typeof settled | Promise<void>;

/** The request carries no credential of this method's kind: the next method is asked. */
export const notMine = Symbol('not mine');

/** The caller is known (synchronously): no promise on the hot read path. */
export const settled = Symbol('settled');

/**
 * Who is calling: anonymous, unless one of the sign-in methods, asked in order, recognises its
 * credential. A method that recognises one and refuses it throws; nothing after it is asked.
 */
export function createAuthenticationHook(methods: readonly SignInMethod[]) {
  return function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void> | undefined {
    request.caller = anonymousCaller;
    request.session = noSession;
    for (const signIn of methods) {
      const attempt = signIn(request, reply);
      if (attempt === settled) return undefined;
      if (attempt !== notMine) return attempt;
    }
    return undefined;
  };
}

/** Whether the matched route lets a person whose deletion waits sign in (`config.allowsPendingDeletion`). */
export function routeAllowsPendingDeletion(request: FastifyRequest): boolean {
  const config = request.routeOptions.config as { allowsPendingDeletion?: boolean } | undefined;
  return config?.allowsPendingDeletion === true;
}

/** Whether the request is for a site's own APIs (the tracker's and the wiki's), not Veil's. */
export function isSiteApi(request: FastifyRequest): boolean {
  return request.url.startsWith('/rest/') || request.url.startsWith('/wiki/');
}
