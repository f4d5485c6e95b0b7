/**
 * User impersonation for Connect apps (the OAuth 2.0 JWT bearer grant): an app with `ACT_AS_USER`
 * signs an assertion with its install's shared secret and gets a short-lived bearer token that acts as
 * that person for permissions. The app still sees what it sees on its own: public fields only (the
 * caller's viewer stays the app). App users cannot be impersonated, and the refusal says so.
 */
import { randomBytes } from 'node:crypto';
import { type Account, maySignIn } from '../accounts/accounts.model.ts';
import { findAccount } from '../accounts/accounts.service.ts';
import {
  deleteExpiredAccessTokenRows,
  findAccessTokenRow,
  insertAccessTokenRow,
} from '../apps/access-tokens.repository.ts';
import { installRowToInstall } from '../apps/apps.model.ts';
import { findAppRow, findInstalledRowForIssuer } from '../apps/apps.repository.ts';
import {
  findInstallCredentialsByOauthClientId,
  type InstallCredentials,
} from '../apps/installed-apps.service.ts';
import { decodeJwtUnverified, type JwtClaims, listAudiences } from '../apps/jwt.ts';
import { hasGdprOptIn } from '../apps/legacy-identities.ts';
import { type ConnectScope, hasScope, normalizeScopes } from '../auth/app-scopes.ts';
import type { PersonCaller } from '../auth/caller.ts';
import type { Config } from '../config/config.ts';
import { hashSecret } from '../credentials/credentials.service.ts';
import type { StoreDeps } from '../db/schema.ts';
import { callerFromEntry } from '../directory/callers.ts';
import type { Directory } from '../directory/directory.ts';
import { VeilError } from '../errors/veil-error.ts';
import { assertSafeText } from '../http/input-hygiene.ts';
import { statusOnLink } from '../sites/site-links.model.ts';
import { listLinks } from '../sites/site-links.service.ts';
import type { Site } from '../sites/sites.model.ts';
import { getSite } from '../sites/sites.service.ts';
import { describeJwtFailureReason, verifyInstallSignature } from './connect-auth.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps extends StoreDeps {
  readonly config: Config;
  readonly directory: Directory;
}

export const jwtBearerGrantType = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** The authorization server apps are built to call; an assertion may name it, or Veil's own origin. */
export const atlassianAuthorizationServer = 'https://oauth-2-authorization-server.services.atlassian.com';
/** How long an access token lives. */
export const accessTokenTtlSeconds = 900;
const maxAssertionLifetimeSeconds = 300;
const clientIdPrefix = 'urn:atlassian:connect:clientid:';
const accountIdSubjectPrefix = 'urn:atlassian:connect:useraccountid:';
const userKeySubjectPrefix = 'urn:atlassian:connect:userkey:';

type ImpersonationDeps = Deps;

/** A token request as the endpoint read it. */
export interface TokenRequest {
  readonly grantType: string | undefined;
  readonly assertion: string | undefined;
  readonly scope: string | undefined;
  /** This server's origin as the app reached it (`http://localhost:3102`): an audience to accept. */
  readonly origin: string;
}

export interface IssuedToken {
  readonly accessToken: string;
  readonly expiresIn: number;
  readonly scopes: readonly ConnectScope[];
}

/** Checks the grant and its assertion and issues a bearer token, or an `oauth.*` error saying what is wrong. */
export async function exchangeAssertion(
  deps: ImpersonationDeps,
  request: TokenRequest,
): Promise<IssuedToken> {
  const assertion = readGrant(request);
  const install = await identifyInstall(deps, assertion);
  const claims = await verifyAssertion(deps, assertion, install);
  const site = await getSite(deps.db, install.install.siteId);
  checkAudienceAndTenant(claims, site, install, request.origin);
  requireMayImpersonate(install);
  const account = await resolveSubject(deps, claims, install);
  const scopes = grantScopes(install, request.scope);
  const accessToken = `veil-at-${randomBytes(32).toString('base64url')}`;
  const now = deps.clock.now();
  await deleteExpiredAccessTokenRows(deps.db, install.install.clientKey, now);
  await insertAccessTokenRow(deps.db, {
    token_hash: hashSecret(accessToken),
    client_key: install.install.clientKey,
    account_id: account.accountId,
    scopes: scopes.join(' '),
    expires_at: new Date(now.getTime() + accessTokenTtlSeconds * 1000),
    created_at: now,
  });
  return { accessToken, expiresIn: accessTokenTtlSeconds, scopes };
}

function readGrant(request: TokenRequest): string {
  if (request.grantType === undefined) {
    throw new VeilError('oauth.invalid_request', 'grant_type is required');
  }
  if (request.grantType !== jwtBearerGrantType) {
    throw new VeilError('oauth.unsupported_grant_type', `Only the ${jwtBearerGrantType} grant is supported`);
  }
  if (!request.assertion) throw new VeilError('oauth.invalid_request', 'assertion is required');
  return request.assertion;
}

async function identifyInstall(deps: ImpersonationDeps, assertion: string): Promise<InstallCredentials> {
  const decoded = decodeJwtUnverified(assertion);
  if (!decoded.ok) throw new VeilError('oauth.invalid_grant', 'The assertion is not a well-formed JWT');
  assertSafeText(decoded.claims, 'body.assertion');
  const issuer = decoded.claims.iss ?? '';
  if (!issuer.startsWith(clientIdPrefix)) {
    throw new VeilError(
      'oauth.invalid_grant',
      `The assertion's iss must be ${clientIdPrefix}<oauthClientId>`,
    );
  }
  const install = await findInstallCredentialsByOauthClientId(
    deps.db,
    deps.config.connectSecretKey,
    issuer.slice(clientIdPrefix.length),
  );
  if (!install)
    throw new VeilError('oauth.invalid_client', 'The assertion names no installed app as its issuer');
  return install;
}

async function verifyAssertion(
  deps: ImpersonationDeps,
  assertion: string,
  install: InstallCredentials,
): Promise<JwtClaims> {
  const { result: verified, now } = await verifyInstallSignature(deps.clock, assertion, install);
  if (!verified.ok) {
    throw new VeilError('oauth.invalid_grant', describeJwtFailureReason('The assertion', verified.reason));
  }
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if ((verified.claims.exp ?? 0) > nowSeconds + maxAssertionLifetimeSeconds) {
    throw new VeilError(
      'oauth.invalid_grant',
      `The assertion lives too long: its exp may be at most ${maxAssertionLifetimeSeconds} seconds ahead`,
    );
  }
  return verified.claims;
}

// The audience is the authorization server: the one apps are built for, or Veil as the app reached it.
function checkAudienceAndTenant(claims: JwtClaims, site: Site, install: InstallCredentials, origin: string) {
  const trim = (url: string) => url.replace(/\/+$/, '');
  const accepted = [atlassianAuthorizationServer, trim(origin)];
  if (!listAudiences(claims).some((aud) => accepted.includes(trim(aud)))) {
    throw new VeilError(
      'oauth.invalid_grant',
      `The assertion's aud must be the authorization server (${trim(origin)})`,
    );
  }
  const tenants = [site.baseUrl, `${site.baseUrl}/wiki`].map(trim);
  if (typeof claims.tnt !== 'string' || !tenants.includes(trim(claims.tnt))) {
    throw new VeilError(
      'oauth.invalid_grant',
      `The assertion's tnt must be the base URL of the install (${install.install.productType === 'confluence' ? tenants[1] : tenants[0]})`,
    );
  }
}

function requireMayImpersonate(install: InstallCredentials): void {
  if (!install.install.scopes.includes('ACT_AS_USER')) {
    throw new VeilError(
      'oauth.unauthorized_client',
      `The app ${install.app.appKey} needs the ACT_AS_USER scope in its descriptor to act for people`,
    );
  }
  if (!install.install.enabled) {
    throw new VeilError(
      'oauth.unauthorized_client',
      `The app ${install.app.appKey} is disabled on this site`,
    );
  }
}

async function resolveSubject(
  deps: ImpersonationDeps,
  claims: JwtClaims,
  install: InstallCredentials,
): Promise<Account> {
  const subject = claims.sub ?? '';
  if (subject.startsWith(userKeySubjectPrefix)) {
    throw new VeilError(
      'oauth.invalid_grant',
      `User keys are no longer accepted; name the person as ${accountIdSubjectPrefix}<accountId>`,
    );
  }
  if (!subject.startsWith(accountIdSubjectPrefix)) {
    throw new VeilError(
      'oauth.invalid_grant',
      `The assertion's sub must be ${accountIdSubjectPrefix}<accountId>`,
    );
  }
  const accountId = subject.slice(accountIdSubjectPrefix.length);
  const account = await findAccount(deps.db, accountId);
  const [link] = account ? await listLinks(deps.db, install.install.siteId, [accountId]) : [];
  if (!account || !link) {
    throw new VeilError(
      'oauth.invalid_grant',
      `No account ${accountId} is on the site the app is installed on`,
    );
  }
  if (account.accountType === 'app') {
    throw new VeilError(
      'oauth.invalid_grant',
      `The account ${accountId} is an app user (accountType "app"): app users cannot be impersonated`,
    );
  }
  // A site admin's deactivation on this site closes it to the app acting for the person too.
  if (!maySignIn(statusOnLink(account, install.install.siteId, link), false)) {
    throw new VeilError(
      'oauth.invalid_grant',
      `The account ${accountId} is not active and cannot be acted for`,
    );
  }
  return account;
}

// What calls with the token may do: the scopes asked for, each one the app holds; else all it holds.
function grantScopes(install: InstallCredentials, scope: string | undefined): ConnectScope[] {
  const asked = (scope ?? '').split(/[\s,]+/).filter(Boolean);
  if (asked.length === 0) return [...install.install.scopes];
  const known = normalizeScopes(asked);
  const refused = asked.filter((name) => !known.includes(name.toUpperCase() as ConnectScope));
  const missing = known.filter((name) => !hasScope(install.install.scopes, name));
  if (refused.length > 0 || missing.length > 0) {
    throw new VeilError(
      'oauth.invalid_scope',
      `The app cannot be given these scopes: ${[...refused, ...missing].join(', ')}`,
    );
  }
  return known;
}

/**
 * The caller a bearer token stands for: the person (their permissions, their roles), with the app as
 * the viewer and its scopes; or `oauth.invalid_token` / `connect.app_disabled` saying why not.
 */
export async function authenticateAccessToken(
  deps: ImpersonationDeps,
  token: string,
  site: Site | null,
): Promise<PersonCaller> {
  const row = token ? await findAccessTokenRow(deps.db, hashSecret(token)) : undefined;
  if (!row || row.expires_at.getTime() <= deps.clock.now().getTime()) {
    throw new VeilError('oauth.invalid_token', 'The access token is unknown or has expired');
  }
  const install = site ? await findInstalledRowForIssuer(deps.db, site.id, row.client_key) : undefined;
  const app = install ? await findAppRow(deps.db, install.app_key) : undefined;
  if (!install || !app)
    throw new VeilError('oauth.invalid_token', 'The access token is not for an app installed on this site');
  if (!install.enabled)
    throw new VeilError('connect.app_disabled', `The app ${app.app_key} is disabled on this site`);
  const entry = await deps.directory.entry(row.account_id);
  if (
    !entry ||
    !maySignIn(deps.directory.statusOn(entry, install.site_id), false) ||
    !entry.links.has(install.site_id)
  ) {
    throw new VeilError(
      'oauth.invalid_token',
      'The person this token acts for can no longer be acted for here',
    );
  }
  const person = callerFromEntry(entry);
  return {
    ...person,
    viewer: { kind: 'app', appKey: app.app_key, accountId: app.account_id, actingAs: row.account_id },
    impersonation: {
      appKey: app.app_key,
      clientKey: install.client_key,
      siteId: install.site_id,
      scopes: normalizeScopes(row.scopes.split(' ').filter(Boolean)),
      gdprOptIn: hasGdprOptIn(installRowToInstall(install)),
    },
  };
}
