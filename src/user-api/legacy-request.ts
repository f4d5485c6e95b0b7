/**
 * What the migration period means for one request to the user APIs: its identity mode (from the
 * site's stage at the injected clock's now, the opt-in header, the wiki's `privacyMode`, or the
 * app's descriptor), reading users named by accountId, username or key, and counting legacy use.
 */
import type { FastifyRequest } from 'fastify';
import type { Clock } from '../clock/clock.ts';
import type { Directory, DirectoryEntry } from '../directory/directory.ts';
import { VeilError } from '../errors/veil-error.ts';
import {
  acceptsLegacyIdentifiers,
  type IdentityMode,
  identityModeFor,
  migrationStageAt,
} from '../sites/migration-stage.ts';
import type { Site } from '../sites/sites.model.ts';
import type { Viewer } from '../visibility/visibility.ts';
import type { LegacyUsageRecorder } from './legacy-usage.ts';
import { legacyClientOf } from './legacy-usage.ts';
import { readAccountIdParameter } from './params.ts';
import { requireSiteAccount, userNotFoundMessage } from './request-context.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps {
  readonly clock: Clock;
  readonly legacyUsage: LegacyUsageRecorder;
}

/** The request header with which a call opts in to the GDPR behaviour during the legacy stage. */
export const forceAccountIdHeader = 'x-atlassian-force-account-id';

/** How a call names a user: by accountId, or (legacy) by username or userKey. */
export type UserIdentifierKind = 'accountId' | 'username' | 'key';

/** A user as a call named it. */
export interface NamedUser {
  readonly kind: UserIdentifierKind;
  readonly value: string;
}

/** The migration period as one request sees it. */
export interface IdentityContext {
  readonly mode: IdentityMode;
  /** True in the legacy mode: usernames and keys are accepted, and user objects carry them. */
  readonly legacy: boolean;
  /** Counts the call as one that used legacy identifiers (once per request, whatever is called). */
  noteLegacyUse(refused: boolean): void;
}

function isTrue(value: unknown): boolean {
  const text = Array.isArray(value) ? value[0] : value;
  return typeof text === 'string' && text.trim().toLowerCase() === 'true';
}

/**
 * Whether the call asked for the GDPR behaviour: the header, the wiki's `privacyMode`, or an opted-in
 * app (calling, or acting for a person), or any OAuth app.
 */
export function hasOptedIn(request: FastifyRequest): boolean {
  if (isTrue(request.headers[forceAccountIdHeader])) return true;
  if (request.url.startsWith('/wiki/') && isTrue((request.query as { privacyMode?: unknown })?.privacyMode))
    return true;
  const { caller } = request;
  // OAuth (3LO) apps came after the migration and never needed usernames: always the GDPR behaviour.
  if (caller.kind === 'person')
    return caller.impersonation?.gdprOptIn === true || caller.oauthApp !== undefined;
  return caller.kind === 'app' && caller.gdprOptIn === true;
}

/** The identity mode of a request on its site, at the clock's now (no site: enforced). */
export function identityModeOf(request: FastifyRequest, clock: Clock): IdentityMode {
  const site = request.site;
  // A site enforced for good is enforced whatever the time and the headers: the common case reads
  // neither the clock nor the opt-in.
  if (!site || site.migration.stage === 'enforced') return 'enforced';
  return identityModeFor(migrationStageAt(site, clock.now()), hasOptedIn(request));
}

/** The request's identity context, worked out once per request. */
export function identityContextOf(request: FastifyRequest, deps: Deps): IdentityContext {
  if (request.identity) return request.identity;
  const mode = identityModeOf(request, deps.clock);
  let noted = false;
  const context: IdentityContext = {
    mode,
    legacy: acceptsLegacyIdentifiers(mode),
    noteLegacyUse: (refused) => {
      if (noted || !request.site) return;
      noted = true;
      const operation = `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`;
      deps.legacyUsage.record(request.site.id, legacyClientOf(request.caller), operation, refused);
    },
  };
  request.identity = context;
  return context;
}

/** The 400 for legacy identifiers where only accountIds are accepted, naming why. */
export function legacyIdentifiersRefused(mode: IdentityMode, parameters: readonly string[]): VeilError {
  const named = parameters.join(' and ');
  const verb = parameters.length > 1 ? 'are' : 'is';
  const why =
    mode === 'opt-in'
      ? `when a call opts in with ${forceAccountIdHeader}: true (or privacyMode=true)`
      : 'on this site, which accepts accountIds only';
  return new VeilError(
    'migration.legacy_identifier_refused',
    `${named} ${verb} no longer available ${why}; identify users by accountId`,
    parameters.map((name) => ({ path: name, message: 'is no longer available; use accountId' })),
  );
}

/**
 * Refuses the legacy parameters given (a value present and not empty) unless the call is in the legacy
 * mode; in the legacy mode, counts the call. Returns whether any was given.
 */
export function checkLegacyParameters(
  identity: IdentityContext,
  given: Readonly<Record<string, unknown>>,
): boolean {
  const names = Object.keys(given).filter((name) => isGiven(given[name]));
  if (names.length === 0) return false;
  identity.noteLegacyUse(!identity.legacy);
  if (!identity.legacy) throw legacyIdentifiersRefused(identity.mode, names);
  return true;
}

function isGiven(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (Array.isArray(value)) return value.some((item) => String(item) !== '');
  return String(value) !== '';
}

const legacyParameterNames = Object.freeze({ username: 'username', key: 'key' });

/**
 * The one user a single-user operation names: `accountId`, or in the legacy mode `username` or `key`
 * (one of them, not two). Legacy parameters are refused outside the legacy mode.
 */
export function readNamedUser(
  identity: IdentityContext,
  query: NamedUserQuery,
  names: { readonly username: string; readonly key: string } = legacyParameterNames,
): NamedUser {
  // The common call names the user by accountId alone: nothing legacy to check or count.
  if (query.username === undefined && query.key === undefined)
    return { kind: 'accountId', value: query.accountId ?? '' };
  checkLegacyParameters(identity, { [names.username]: query.username, [names.key]: query.key });
  const given = (['accountId', 'username', 'key'] as const).filter((kind) => isGiven(query[kind]));
  if (given.length > 1) {
    throw new VeilError('request.invalid', 'Name the user once: by accountId, username or key', [
      { path: given[1] === 'username' ? names.username : names.key, message: 'cannot be combined' },
    ]);
  }
  const kind = given[0];
  if (kind === undefined || kind === 'accountId') return { kind: 'accountId', value: query.accountId ?? '' };
  return { kind, value: String(query[kind]) };
}

/** The account of the site that a legacy identifier names, if the viewer may find it by it. */
export async function findByLegacyIdentifier(
  directory: Directory,
  site: Site,
  viewer: Viewer,
  kind: 'username' | 'key',
  value: string,
): Promise<DirectoryEntry | undefined> {
  const accountId =
    kind === 'username'
      ? await directory.accountIdForUsername(site.id, value)
      : await directory.accountIdForUserKey(site.id, value);
  const entry = accountId === undefined ? undefined : await directory.entry(accountId);
  if (!entry?.links.has(site.id)) return undefined;
  // Finding someone by a name the viewer may not see would reveal it.
  return directory.viewOf(entry, viewer).showsLegacyIdentity ? entry : undefined;
}

/**
 * The account a named user is: an account of the site by accountId (via `readAccountId`, which checks
 * the form), or by legacy identifier; the tracker's 404 otherwise.
 */
export async function resolveNamedUser(
  directory: Directory,
  site: Site,
  viewer: Viewer,
  named: NamedUser,
  readAccountId: (raw: string | undefined) => string,
): Promise<DirectoryEntry> {
  if (named.kind === 'accountId')
    return requireSiteAccount(directory, site, readAccountId(named.value || undefined));
  const entry = await findByLegacyIdentifier(directory, site, viewer, named.kind, named.value);
  if (!entry) throw new VeilError('account.not_found', userNotFoundMessage);
  return entry;
}

/** The query parameters with which a single-user operation names its user. */
export interface NamedUserQuery {
  readonly accountId?: string | undefined;
  readonly username?: string | undefined;
  readonly key?: string | undefined;
}

/**
 * The account a single-user operation names in its query (`accountId`, or in the legacy mode
 * `username` or `key`), and how it named it: the tracker's 400 or 404 otherwise.
 */
export async function requireNamedUser(
  directory: Directory,
  site: Site,
  viewer: Viewer,
  identity: IdentityContext,
  query: NamedUserQuery,
): Promise<{ readonly entry: DirectoryEntry; readonly kind: UserIdentifierKind }> {
  const named = readNamedUser(identity, query);
  return {
    entry: await resolveNamedUser(directory, site, viewer, named, readAccountIdParameter),
    kind: named.kind,
  };
}

/**
 * The account a single-user request names in its query, for `viewer` (the caller's by default), with how
 * it was named and the request's identity context (see `requireNamedUser`).
 */
export async function requireUserNamedInQuery(
  request: FastifyRequest & { readonly query: NamedUserQuery },
  deps: Deps & { readonly directory: Directory },
  site: Site,
  viewer: Viewer = request.caller.viewer,
): Promise<{ readonly entry: DirectoryEntry; readonly kind: UserIdentifierKind; identity: IdentityContext }> {
  const identity = identityContextOf(request, deps);
  const named = await requireNamedUser(deps.directory, site, viewer, identity, request.query);
  return { ...named, identity };
}

/** How user objects are rendered for this call: legacy fields with `self` in `selfForm`, or null (GDPR). */
export function legacyRenderingOf(
  identity: IdentityContext,
  selfForm: UserIdentifierKind = 'accountId',
): { readonly selfForm: UserIdentifierKind } | null {
  return identity.legacy ? { selfForm } : null;
}
