import type { FastifyReply, FastifyRequest } from 'fastify';
import { maySignIn } from '../accounts/accounts.model.ts';
import { notMine, routeAllowsPendingDeletion, type SignInAttempt, settled } from '../auth/authentication.ts';
import type { PersonCaller } from '../auth/caller.ts';
import { callerFromEntry } from '../directory/callers.ts';
import type { Directory, DirectoryEntry } from '../directory/directory.ts';
import { VeilError } from '../errors/veil-error.ts';
import { assertSafeText } from '../http/input-hygiene.ts';
import type { AuthFailureLimiter } from '../rate-limits/auth-failures.ts';
import { accountKeyOf, isKnownCredential } from './credential-attempts.ts';
import { hashSecret } from './credentials.service.ts';
import { assertOpenOnSite } from './sign-in-rules.ts';
import type { TokenUseRecorder } from './token-uses.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps {
  readonly directory: Directory;
  readonly tokenUses: TokenUseRecorder;
  readonly authFailures: AuthFailureLimiter;
}

/**
 * Sign-in with `Authorization: Basic base64(email:token)`. Basic credentials that identify no active
 * account are refused at once, and count towards the failure lock-out. A header already checked at the
 * directory's version is settled without waiting.
 */
export function createBasicSignIn(deps: Deps) {
  const callers = new BasicCallerCache();
  return function signInWithBasic(request: FastifyRequest, reply: FastifyReply): SignInAttempt {
    const { authorization } = request.headers;
    if (authorization === undefined) return notMine;
    const pendingAllowed = routeAllowsPendingDeletion(request);
    const siteId = request.site?.id ?? null;
    const known = callers.get(deps.directory.version, basicCacheKey(authorization, siteId, pendingAllowed));
    if (known) {
      setBasicCaller(deps, request, reply, known);
      return settled;
    }
    const basic = parseBasicCredentials(authorization);
    if (!basic) return notMine;
    return authenticateBasicHeader(deps, callers, request, reply, basic, pendingAllowed);
  };
}

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

/**
 * The person that an email and API token identify, from the directory, if they may sign in here.
 * Global accounts sign in on every site; a customer only on its own site.
 */
export async function authenticateBasic(
  directory: Directory,
  email: string,
  token: string,
  siteId: string | null,
  allowsPendingDeletion = false,
): Promise<BasicCaller | undefined> {
  const [accountId, apiToken] = await Promise.all([
    directory.accountIdForEmail(email, siteId),
    directory.token(hashSecret(token)),
  ]);
  if (!accountId || apiToken?.accountId !== accountId) return undefined;
  const entry = await directory.entry(accountId);
  if (!entry || !maySignIn(entry.account.status, allowsPendingDeletion)) return undefined;
  const caller: PersonCaller = {
    ...callerFromEntry(entry),
    credential: { kind: 'api-token', tokenId: apiToken.tokenId },
  };
  return { caller, entry };
}

/** A person signed in with Basic credentials, and their entry as the sign-in read it. */
export interface BasicCaller {
  readonly caller: PersonCaller;
  readonly entry: DirectoryEntry;
}

/** How many Basic headers `BasicCallerCache` remembers (each one a client's credentials). */
const basicCallerLimit = 1000;

/**
 * Callers already authenticated from a Basic `Authorization` header, oldest dropped first. Kept only
 * while the directory's version stays the same: any change (a token revoked, an account deactivated or
 * unlinked) starts the cache over, so it never knows more than the directory.
 */
class BasicCallerCache {
  readonly #callers = new Map<string, BasicCaller>();
  #version = -1;

  /** The caller the header identified at this directory version, if it is remembered. */
  get(version: number, key: string): BasicCaller | undefined {
    if (version !== this.#version) {
      this.#callers.clear();
      this.#version = version;
      return undefined;
    }
    return this.#callers.get(key);
  }

  set(version: number, key: string, caller: BasicCaller): void {
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
  const caller = await authenticateBasic(deps.directory, basic.email, basic.token, siteId, pendingAllowed);
  if (!caller) {
    if (!(await isKnownCredential(deps.directory, basic.email, basic.token, siteId)))
      await deps.authFailures.recordFailure(request, account);
    throw new VeilError('auth.invalid_credentials', 'The email and API token do not match an active account');
  }
  callers.set(version, basicCacheKey(request.headers.authorization ?? '', siteId, pendingAllowed), caller);
  setBasicCaller(deps, request, reply, caller);
}

/** The request is the person's: its API token's use is noted (in memory) and the tracker's header set. */
function setBasicCaller(deps: Deps, request: FastifyRequest, reply: FastifyReply, signedIn: BasicCaller) {
  assertOpenOnSite(request, deps.directory, signedIn.entry);
  const { caller } = signedIn;
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
  const signedIn = await authenticateBasic(
    deps.directory,
    credentials.email,
    credentials.token,
    siteId,
    allowsPendingDeletion,
  );
  if (!signedIn && !(await isKnownCredential(deps.directory, credentials.email, credentials.token, siteId)))
    await deps.authFailures.recordFailure(request, account);
  return signedIn?.caller;
}
