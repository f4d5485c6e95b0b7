/**
 * Requests from Connect apps: `Authorization: JWT <token>` or a `jwt` query parameter, HS256 with the
 * install's shared secret. The issuer is the install's client key (as the product signs) or the app key
 * (as app frameworks sign; ACE adds `aud: [clientKey]`); `exp` is enforced with a small skew, and the
 * qsh must bind the token to this very request. Order as in ACE: issuer, signature, time, qsh.
 */
import type { FastifyRequest } from 'fastify';
import { findAccount } from '../accounts/accounts.service.ts';
import { findInstallCredentials, type InstallCredentials } from '../apps/installed-apps.service.ts';
import {
  decodeJwtUnverified,
  type JwtClaims,
  type JwtFailureReason,
  type JwtResult,
  listAudiences,
  verifyJwtAtAny,
} from '../apps/jwt.ts';
import { parseRawUrl, qshCandidates } from '../apps/qsh.ts';
import type { AppCaller } from '../auth/caller.ts';
import { type Clock, outsideInstants } from '../clock/clock.ts';
import type { Config } from '../config/config.ts';
import type { StoreDeps } from '../db/schema.ts';
import type { Directory } from '../directory/directory.ts';
import { VeilError } from '../errors/veil-error.ts';
import { assertSafeText } from '../http/input-hygiene.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps extends StoreDeps {
  readonly config: Config;
  readonly directory: Directory;
}

/** Clock skew tolerated on `exp`, `iat` and `nbf`. */
export const jwtLeewaySeconds = 30;

const wikiContextPath = '/wiki';
const jwtParameter = /[?&]jwt=/;

/** Whether the request carries a Connect JWT (header or query parameter); cheap, as every request asks. */
export function isConnectRequest(request: FastifyRequest): boolean {
  return request.headers.authorization?.startsWith('JWT ') === true || jwtParameter.test(request.url);
}

/** The app a Connect JWT proves, or a 401 (`jwt.*`) / 403 (`connect.app_disabled`) saying why not. */
export async function authenticateConnectRequest(deps: Deps, request: FastifyRequest): Promise<AppCaller> {
  const token = readToken(request);
  const decoded = decodeJwtUnverified(token);
  // Claims reach the store as query parameters: text it cannot hold is a bad request, not a 500.
  if (decoded.ok) assertSafeText(decoded.claims, 'jwt');
  if (!decoded.ok || !decoded.claims.iss)
    throw new VeilError('jwt.invalid', 'The JWT is malformed or has no issuer');
  const site = request.site;
  if (!site) throw new VeilError('jwt.unknown_issuer', `No site answers for ${request.hostname}`);
  const install = await findInstallCredentials(
    deps.db,
    deps.config.connectSecretKey,
    site.id,
    decoded.claims.iss,
  );
  if (!install)
    throw new VeilError('jwt.unknown_issuer', 'The JWT issuer is not an app installed on this site');
  const { result: verified } = await verifyInstallSignature(deps.clock, token, install);
  if (!verified.ok) throw describeJwtFailure(verified.reason);
  assertAudience(verified.claims, install);
  assertQsh(verified.claims, request);
  if (!install.install.enabled) {
    throw new VeilError('connect.app_disabled', `The app ${install.app.appKey} is disabled on this site`);
  }
  return appCallerFor(deps, install);
}

function readToken(request: FastifyRequest): string {
  const header = readHeaderToken(request);
  const query = readQueryToken(request.url);
  if (header !== undefined && query !== undefined && header !== query) {
    throw new VeilError('jwt.invalid', 'Send the JWT once: in the Authorization header or the jwt parameter');
  }
  const token = header ?? query;
  if (!token) throw new VeilError('jwt.invalid', 'The JWT is empty');
  return token;
}

function readHeaderToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('JWT ') ? header.slice(4).trim() : undefined;
}

function readQueryToken(url: string): string | undefined {
  const queryStart = url.indexOf('?');
  if (queryStart === -1 || !jwtParameter.test(url)) return undefined;
  const tokens = new URLSearchParams(url.slice(queryStart + 1)).getAll('jwt');
  if (tokens.length > 1) throw new VeilError('jwt.invalid', 'Send one jwt parameter');
  return tokens[0];
}

/**
 * Verifies a token an app signed with its install's shared secret (a request's JWT, an impersonation
 * assertion): HS256, with `jwtLeewaySeconds`, by the app's clock, which a moved Veil clock
 * (--movable-clock) must not make stale (see `outsideInstants`).
 */
export function verifyInstallSignature(
  clock: Clock,
  token: string,
  install: InstallCredentials,
): Promise<{ readonly result: JwtResult; readonly now: Date }> {
  const key = { alg: 'HS256', secret: install.sharedSecret, leewaySeconds: jwtLeewaySeconds } as const;
  return verifyJwtAtAny(token, key, outsideInstants(clock));
}

/** Why an app's token did not verify, in words that name it (`The JWT`, `The assertion`). */
export function describeJwtFailureReason(token: string, reason: JwtFailureReason): string {
  switch (reason) {
    case 'expired':
      return `${token} has expired`;
    case 'not_yet_valid':
      return `${token} was issued in the future`;
    case 'missing_exp':
      return `${token} has no exp claim`;
    case 'wrong_alg':
      return `${token} must be signed with HS256 and the install's shared secret`;
    default:
      return `${token} signature does not verify`;
  }
}

function describeJwtFailure(reason: JwtFailureReason): VeilError {
  const code =
    reason === 'expired' ? 'jwt.expired' : reason === 'not_yet_valid' ? 'jwt.not_yet_valid' : 'jwt.invalid';
  return new VeilError(code, describeJwtFailureReason('The JWT', reason));
}

// A token that names its audience must name this install: one meant for another tenant is not for us.
function assertAudience(claims: JwtClaims, install: InstallCredentials): void {
  const audiences = listAudiences(claims);
  if (audiences.length > 0 && !audiences.includes(install.install.clientKey)) {
    throw new VeilError('jwt.invalid', 'The JWT audience does not name this installation');
  }
}

function assertQsh(claims: JwtClaims, request: FastifyRequest): void {
  if (!claims.qsh) throw new VeilError('jwt.qsh_mismatch', 'The JWT has no qsh claim');
  if (claims.qsh === 'context-qsh') {
    throw new VeilError('jwt.qsh_mismatch', 'A context JWT (qsh "context-qsh") cannot call the REST APIs');
  }
  const path = request.url.split('?')[0] ?? '';
  const contextPath =
    path === wikiContextPath || path.startsWith(`${wikiContextPath}/`) ? wikiContextPath : '';
  const candidates = qshCandidates(parseRawUrl(request.method, request.url), contextPath);
  if (!candidates.includes(claims.qsh)) {
    throw new VeilError(
      'jwt.qsh_mismatch',
      'The JWT qsh does not match the method, path and query of the request',
    );
  }
}

async function appCallerFor(deps: Deps, install: InstallCredentials): Promise<AppCaller> {
  const { app } = install;
  // An install done in the background may be a moment ahead of this process's directory.
  const account =
    (await deps.directory.account(app.accountId)) ?? (await findAccount(deps.db, app.accountId));
  if (!account) throw new VeilError('jwt.unknown_issuer', 'The app has no account on Veil');
  return {
    kind: 'app',
    account,
    viewer: { kind: 'app', appKey: app.appKey, accountId: app.accountId },
    appKey: app.appKey,
    clientKey: install.install.clientKey,
    siteId: install.install.siteId,
    scopes: install.install.scopes,
    gdprOptIn: install.install.descriptor.apiMigrations?.gdpr === true,
  };
}
