import type { FastifyReply, FastifyRequest } from 'fastify';
import { maySignIn } from '../accounts/accounts.model.ts';
import {
  isSiteApi,
  notMine,
  routeAllowsPendingDeletion,
  type SignInAttempt,
} from '../auth/authentication.ts';
import type { PersonCaller } from '../auth/caller.ts';
import type { Config } from '../config/config.ts';
import type { StoreDeps } from '../db/schema.ts';
import { callerFromEntry } from '../directory/callers.ts';
import type { Directory } from '../directory/directory.ts';
import { VeilError } from '../errors/veil-error.ts';
import { findSession } from './credentials.service.ts';
import { csrfHeaderName, isCsrfTokenValid, needsCsrfToken, sessionCookieName } from './session-cookie.ts';
import { assertOpenOnSite } from './sign-in-rules.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps extends StoreDeps {
  readonly config: Config;
  readonly directory: Directory;
}

/** Sign-in with Veil's session cookie; a stale one leaves the caller anonymous (and says so). */
export function createSessionSignIn(deps: Deps) {
  return function signInWithSession(request: FastifyRequest, reply: FastifyReply): SignInAttempt {
    const sessionId = request.cookies[sessionCookieName];
    if (!sessionId) return notMine;
    return authenticateSession(deps, request, reply, sessionId, routeAllowsPendingDeletion(request));
  };
}

async function authenticateSession(
  deps: Deps,
  request: FastifyRequest,
  reply: FastifyReply,
  sessionId: string,
  pendingAllowed: boolean,
): Promise<void> {
  const session = await findSession(deps.db, deps.clock, sessionId);
  const entry = session ? await deps.directory.entry(session.accountId) : undefined;
  // A session of a person whose deletion waits opens only the routes that allow it.
  if (!session || !entry || !maySignIn(entry.account.status, pendingAllowed)) {
    request.session = { state: 'expired' };
    return;
  }
  if (needsCsrfToken(request.method) && !carriesCredentialsInBody(request))
    assertCsrfToken(deps, request, sessionId);
  const caller: PersonCaller = { ...callerFromEntry(entry), credential: { kind: 'session' } };
  assertOpenOnSite(request, deps.directory, entry);
  request.session = { state: 'active', sessionId, expiresAt: session.expiresAt };
  request.caller = caller;
  reply.header('X-AAccountId', entry.account.accountId);
}

/** Sign-in takes its credentials from the body, not the cookie; a JSON body no other origin can send. */
function carriesCredentialsInBody(request: FastifyRequest): boolean {
  const config = request.routeOptions.config as { credentialsInBody?: boolean } | undefined;
  return config?.credentialsInBody === true;
}

/**
 * A cookie is sent with requests that other sites make the browser send, so a state-changing request it
 * authenticates needs the session's CSRF token. On the tracker and wiki APIs the header Atlassian's own
 * XSRF check asks scripts for (`X-Atlassian-Token: no-check`) does as well: no other origin can set a
 * custom header either, since Veil allows no cross-origin requests.
 */
function assertCsrfToken(deps: Deps, request: FastifyRequest, sessionId: string): void {
  if (isCsrfTokenValid(deps.config.connectSecretKey, sessionId, request.headers[csrfHeaderName])) return;
  if (isSiteApi(request) && request.headers['x-atlassian-token'] === 'no-check') return;
  throw new VeilError(
    'auth.csrf_token_invalid',
    "This request changes something and a session cookie authenticates it, so it must carry the session's CSRF token in X-Veil-CSRF-Token (GET /veil/v1/sessions/current gives it); nothing was changed",
  );
}
