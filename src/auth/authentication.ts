import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { maySignIn } from '../accounts/accounts.model.ts';
import type { Clock } from '../clock/clock.ts';
import type { Config } from '../config/config.ts';
import { authenticateConnectRequest, isConnectRequest } from '../connect/connect-auth.ts';
import { authenticateAccessToken } from '../connect/impersonation.service.ts';
import { findSession, hashSecret } from '../credentials/credentials.service.ts';
import {
  csrfHeaderName,
  isCsrfTokenValid,
  needsCsrfToken,
  sessionCookieName,
} from '../credentials/session-cookie.ts';
import type { TokenUseRecorder } from '../credentials/token-uses.ts';
import type { Database } from '../db/schema.ts';
import type { Directory } from '../directory/directory.ts';
import { VeilError } from '../errors/veil-error.ts';
import { assertSafeText } from '../http/input-hygiene.ts';
import type { AuthFailureLimiter } from '../rate-limits/auth-failures.ts';
import { accountKeyOf, checkCredential, isKnownCredential } from '../rate-limits/credential-attempts.ts';
import { anonymousCaller, callerFromEntry, type PersonCaller } from './caller.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps {
  readonly config: Config;
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly directory: Directory;
  readonly tokenUses: TokenUseRecorder;
  readonly authFailures: AuthFailureLimiter;
}

export { sessionCookieName };

const noSession = Object.freeze({ state: 'none' as const });

/**
 * Parses `Authorization: Basic base64(email:token)`; undefined when the header is another scheme. Text
 * Veil refuses everywhere (`assertSafeText`) is a 400 here too, though the header itself was clean.
 */
export function parseBasicCredentials(
  header: string | undefined,
): { email: string; token: string } | undefined {
  if (!header?.toLowerCase().startsWith('basic ')) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  assertSafeText(decoded, 'headers.authorization');
  const colon = decoded.indexOf(':');
  if (colon < 0) return { email: decoded, token: '' };
  return { email: decoded.slice(0, colon), token: decoded.slice(colon + 1) };
}

/** Whether the matched route lets a person whose deletion waits sign in (`config.allowsPendingDeletion`). */
function routeAllowsPendingDeletion(request: FastifyRequest): boolean {
  const config = request.routeOptions.config as { allowsPendingDeletion?: boolean } | undefined;
  return config?.allowsPendingDeletion === true;
}

/**
 * The person that an email and API token identify, from the directory, if they may sign in here.
 * Global accounts sign in on every site; a customer only on its own site.
 */
export function authenticateBasic(
  directory: Directory,
  email: string,
  token: string,
  siteId: string | null,
  allowsPendingDeletion = false,
): PersonCaller | undefined {
  const accountId = directory.accountIdForEmail(email, siteId);
  const apiToken = directory.token(hashSecret(token));
  if (!accountId || apiToken?.accountId !== accountId) return undefined;
  const entry = directory.entry(accountId);
  if (!entry || !maySignIn(entry.account.status, allowsPendingDeletion)) return undefined;
  return { ...callerFromEntry(entry), credential: { kind: 'api-token', tokenId: apiToken.tokenId } };
}

/** How many Basic headers `BasicCallerCache` remembers (each one a client's credentials). */
const basicCallerLimit = 1000;

/**
 * Callers already authenticated from a Basic `Authorization` header, oldest dropped first. Kept only
 * while the directory's version stays the same: any change (a token revoked, an account deactivated or
 * unlinked) starts the cache over, so it never knows more than the directory.
 */
export class BasicCallerCache {
  readonly #callers = new Map<string, PersonCaller>();
  #version = -1;

  /** The caller the header identified at this directory version, if it is remembered. */
  get(version: number, key: string): PersonCaller | undefined {
    if (version !== this.#version) {
      this.#callers.clear();
      this.#version = version;
      return undefined;
    }
    return this.#callers.get(key);
  }

  set(version: number, key: string, caller: PersonCaller): void {
    if (version !== this.#version) return;
    if (this.#callers.size >= basicCallerLimit) {
      const oldest = this.#callers.keys().next().value;
      if (oldest !== undefined) this.#callers.delete(oldest);
    }
    this.#callers.set(key, caller);
  }
}

/** The key a Basic header is remembered by: the header itself, on a site, for routes that do or do not let pending deletions in. */
function basicCacheKey(header: string, siteId: string | null, allowsPendingDeletion: boolean): string {
  return `${allowsPendingDeletion ? '+' : ''}${siteId ?? ''}\n${header}`;
}

/**
 * A Basic header seen for the first time (or since the directory changed): refused at once while its
 * address or account is locked out, checked otherwise; a failure counts towards the lock-out, a
 * success is remembered (which spares a SHA-256 and the decoding on every request of a keep-alive client).
 */
async function authenticateBasicHeader(
  deps: Deps,
  callers: BasicCallerCache,
  request: FastifyRequest,
  reply: FastifyReply,
  basic: { email: string; token: string },
  pendingAllowed: boolean,
): Promise<void> {
  const { version } = deps.directory;
  const siteId = request.site?.id ?? null;
  const account = accountKeyOf(basic.email);
  await deps.authFailures.assertMayTry(request, reply, account);
  const caller = authenticateBasic(deps.directory, basic.email, basic.token, siteId, pendingAllowed);
  if (!caller) {
    if (!isKnownCredential(deps.directory, basic.email, basic.token, siteId))
      await deps.authFailures.recordFailure(request, account);
    throw new VeilError('auth.invalid_credentials', 'The email and API token do not match an active account');
  }
  callers.set(version, basicCacheKey(request.headers.authorization ?? '', siteId, pendingAllowed), caller);
  setBasicCaller(deps, request, reply, caller);
}

/** The request is the person's: its API token's use is noted (in memory) and the tracker's header set. */
function setBasicCaller(deps: Deps, request: FastifyRequest, reply: FastifyReply, caller: PersonCaller) {
  assertOpenOnSite(request, deps.directory, caller);
  request.caller = caller;
  if (caller.credential?.kind === 'api-token') deps.tokenUses.record(caller.credential.tokenId);
  reply.header('X-AAccountId', caller.account.accountId);
}

/**
 * Sign-in with an email and API token from a request body (the sessions routes): refused with 429 while
 * the address or the account is locked out; a failure counts towards the lock-out. Undefined when the
 * credentials do not identify an active account.
 */
export async function signInWithApiToken(
  deps: Deps,
  request: FastifyRequest,
  reply: FastifyReply,
  credentials: { email: string; token: string },
  allowsPendingDeletion = false,
): Promise<PersonCaller | undefined> {
  const account = accountKeyOf(credentials.email);
  await deps.authFailures.assertMayTry(request, reply, account);
  const siteId = request.site?.id ?? null;
  const caller = authenticateBasic(
    deps.directory,
    credentials.email,
    credentials.token,
    siteId,
    allowsPendingDeletion,
  );
  if (!caller && !isKnownCredential(deps.directory, credentials.email, credentials.token, siteId))
    await deps.authFailures.recordFailure(request, account);
  return caller;
}

/**
 * Whether a person may use a site's own APIs (the tracker's and the wiki's): not where its admin
 * deactivated them on that site, as the one decision's `statusOnSite` has it (`null`: no site, the
 * account's own status). Veil's management API (`/veil/`) belongs to the account and stays open,
 * whatever host it is called on.
 */
export function maySignInOnSite(
  directory: Directory,
  accountId: string,
  siteId: string | null,
  allowsPendingDeletion = false,
): boolean {
  const entry = directory.entry(accountId);
  return entry !== undefined && maySignIn(directory.statusOn(entry, siteId), allowsPendingDeletion);
}

/** Whether the request is for a site's own APIs (the tracker's and the wiki's), not Veil's. */
function isSiteApi(request: FastifyRequest): boolean {
  return request.url.startsWith('/rest/') || request.url.startsWith('/wiki/');
}

/** Refuses, as a failed sign-in, a person that the site's admin deactivated, on that site's APIs. */
function assertOpenOnSite(request: FastifyRequest, directory: Directory, caller: PersonCaller): void {
  if (!isSiteApi(request)) return;
  const siteId = request.site?.id ?? null;
  if (maySignInOnSite(directory, caller.account.accountId, siteId, routeAllowsPendingDeletion(request)))
    return;
  // Whatever the credential (token, session, an app's bearer token), the same words as a failed sign-in.
  throw new VeilError(
    'auth.invalid_credentials',
    'The credentials do not match an account that may use this site',
  );
}

const bearerScheme = /^bearer /i;

/** The token of `Authorization: Bearer <token>`; undefined for other schemes (tested without a lower-cased copy). */
function readBearerToken(header: string | undefined): string | undefined {
  return header !== undefined && bearerScheme.test(header) ? header.slice(7).trim() : undefined;
}

/**
 * Resolves the site for the request's host and who is calling. Basic credentials that identify no
 * active account are refused at once, and count towards the failure lock-out; a stale session cookie
 * leaves the caller anonymous (and says so). Remembered Basic headers and anonymous requests are
 * settled without waiting (no promise on the hot read path); a new Basic header, a Connect JWT, a
 * bearer token or a session cookie returns a promise that settles when the caller is known.
 */
export function createAuthenticationHook(deps: Deps) {
  const callers = new BasicCallerCache();
  return function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void> | undefined {
    request.site = deps.directory.siteForHost(request.host) ?? null;
    request.caller = anonymousCaller;
    request.session = noSession;
    if (isConnectRequest(request)) return authenticateApp(deps, request, reply);
    const bearer = readBearerToken(request.headers.authorization);
    if (bearer !== undefined) return authenticateBearer(deps, request, reply, bearer);
    const pendingAllowed = routeAllowsPendingDeletion(request);
    const { authorization } = request.headers;
    if (authorization !== undefined) {
      const siteId = request.site?.id ?? null;
      const known = callers.get(deps.directory.version, basicCacheKey(authorization, siteId, pendingAllowed));
      if (known) {
        setBasicCaller(deps, request, reply, known);
        return undefined;
      }
      const basic = parseBasicCredentials(authorization);
      if (basic) return authenticateBasicHeader(deps, callers, request, reply, basic, pendingAllowed);
    }
    const sessionId = request.cookies[sessionCookieName];
    return sessionId ? authenticateSession(deps, request, reply, sessionId, pendingAllowed) : undefined;
  };
}

async function authenticateApp(deps: Deps, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  request.caller = await checkCredential(deps, request, reply, null, () =>
    authenticateConnectRequest(deps, request),
  );
}

/** An app acting for a person with a bearer token from `/oauth2/token`. */
async function authenticateBearer(
  deps: Deps,
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
): Promise<void> {
  const caller = await checkCredential(deps, request, reply, null, () =>
    authenticateAccessToken(deps, token, request.site),
  );
  assertOpenOnSite(request, deps.directory, caller);
  request.caller = caller;
  reply.header('X-AAccountId', caller.account.accountId);
}

async function authenticateSession(
  deps: Deps,
  request: FastifyRequest,
  reply: FastifyReply,
  sessionId: string,
  pendingAllowed: boolean,
): Promise<void> {
  const session = await findSession(deps.db, deps.clock, sessionId);
  const entry = session ? deps.directory.entry(session.accountId) : undefined;
  // A session of a person whose deletion waits opens only the routes that allow it.
  if (!session || !entry || !maySignIn(entry.account.status, pendingAllowed)) {
    request.session = { state: 'expired' };
    return;
  }
  if (needsCsrfToken(request.method) && !carriesCredentialsInBody(request))
    assertCsrfToken(deps, request, sessionId);
  const caller: PersonCaller = { ...callerFromEntry(entry), credential: { kind: 'session' } };
  assertOpenOnSite(request, deps.directory, caller);
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
