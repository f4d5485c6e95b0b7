import type { Account } from '../accounts/accounts.model.ts';
import { VeilError } from '../errors/veil-error.ts';
import type { Viewer } from '../visibility/visibility.ts';
import type { ConnectScope } from './app-scopes.ts';

/**
 * A Connect app acting for a person with a bearer token (impersonation): calls carry the person's
 * permissions, the app's scopes, and the app's eyes (the caller's viewer is the app).
 */
export interface Impersonation {
  readonly appKey: string;
  readonly clientKey: string;
  readonly siteId: string;
  readonly scopes: readonly ConnectScope[];
  /** The app's descriptor opts in to the GDPR migration: no usernames or keys for it. */
  readonly gdprOptIn: boolean;
}

/** Who made a request: nobody, a signed-in person with the roles they hold, or a Connect app. */
export type Caller =
  | { readonly kind: 'anonymous'; readonly viewer: Viewer }
  | {
      readonly kind: 'person';
      readonly account: Account;
      readonly viewer: Viewer;
      readonly isPlatformAdmin: boolean;
      readonly administeredOrganizationIds: readonly string[];
      readonly administeredSiteIds: readonly string[];
      /** How the person signed in, when known: which API token, or a session (for legacy-usage counts). */
      readonly credential?: PersonCredential;
      /** Set when an app acts for the person; `viewer` is then the app's. */
      readonly impersonation?: Impersonation;
      /** Set when an OAuth 2.0 (3LO) app calls for the person through the API gateway; `viewer` is the app's. */
      readonly oauthApp?: { readonly clientId: string; readonly cloudId: string };
    }
  | {
      /** A Connect app installed on `siteId`, signed in with its install's JWT; never a person. */
      readonly kind: 'app';
      /** The app's own account (`accountType: app`). */
      readonly account: Account;
      readonly viewer: Viewer;
      readonly appKey: string;
      readonly clientKey: string;
      readonly siteId: string;
      readonly scopes: readonly ConnectScope[];
      /** The descriptor opts in to the GDPR migration (`apiMigrations.gdpr`): no usernames or keys for it. */
      readonly gdprOptIn?: boolean;
    };

/** The credential a person's request was signed in with. */
export type PersonCredential =
  | { readonly kind: 'api-token'; readonly tokenId: string }
  | { readonly kind: 'session' };

export type PersonCaller = Extract<Caller, { kind: 'person' }>;
export type AppCaller = Extract<Caller, { kind: 'app' }>;

/** The roles a person holds: what their caller's guards and viewer are made from. */
export interface PersonRoles {
  readonly isPlatformAdmin: boolean;
  readonly administeredOrganizationIds: readonly string[];
  readonly administeredSiteIds: readonly string[];
}

/** The caller for a signed-in account with these roles; its viewer is the person. */
export function personCaller(account: Account, roles: PersonRoles): PersonCaller {
  return {
    kind: 'person',
    account,
    viewer: {
      kind: 'person',
      accountId: account.accountId,
      managingOrganizationId: account.managingOrganizationId,
      administeredOrganizationIds: roles.administeredOrganizationIds,
    },
    ...roles,
  };
}

export const anonymousCaller: Caller = Object.freeze({
  kind: 'anonymous',
  viewer: Object.freeze({ kind: 'anonymous' }),
});

/** The signed-in caller, or `auth.required`. */
export function requirePerson(caller: Caller): PersonCaller {
  if (caller.kind !== 'person')
    throw new VeilError('auth.required', 'Sign in with an email and API token, or a session');
  return caller;
}

/** A platform admin, or `auth.forbidden`. */
export function requirePlatformAdmin(caller: Caller): PersonCaller {
  const person = requirePerson(caller);
  if (!person.isPlatformAdmin) throw new VeilError('auth.forbidden', 'Only a platform admin may do this');
  return person;
}

/** An admin of the organization (or a platform admin), or `auth.forbidden`. */
export function requireOrganizationAdmin(caller: Caller, organizationId: string): PersonCaller {
  const person = requirePerson(caller);
  if (!person.isPlatformAdmin && !person.administeredOrganizationIds.includes(organizationId)) {
    throw new VeilError('auth.forbidden', `Only an admin of the organization ${organizationId} may do this`);
  }
  return person;
}

/**
 * Someone who administers this account: a platform admin, or an admin of the organization that
 * manages it (managed accounts only); `auth.forbidden` otherwise.
 */
export function requireAccountAdmin(caller: Caller, account: Account): PersonCaller {
  const person = requirePerson(caller);
  if (administersAccount(person, account)) return person;
  throw new VeilError(
    'auth.forbidden',
    'Only a platform admin, or an admin of the organization that manages the account, may do this',
  );
}

/** Whether the person administers this account: a platform admin, or an admin of its managing organization. */
export function administersAccount(person: PersonCaller, account: Account): boolean {
  if (person.isPlatformAdmin) return true;
  const organizationId = account.managingOrganizationId;
  return organizationId !== null && person.administeredOrganizationIds.includes(organizationId);
}

/** An admin of the site (or a platform admin), or `auth.forbidden`. */
export function requireSiteAdmin(caller: Caller, siteId: string): PersonCaller {
  const person = requirePerson(caller);
  if (!person.isPlatformAdmin && !person.administeredSiteIds.includes(siteId)) {
    throw new VeilError('auth.forbidden', `Only an admin of the site ${siteId} may do this`);
  }
  return person;
}

/** What the session cookie of a request stood for. */
export type RequestSession =
  | { readonly state: 'none' }
  | { readonly state: 'expired' }
  | { readonly state: 'active'; readonly sessionId: string; readonly expiresAt: Date };

declare module 'fastify' {
  interface FastifyRequest {
    /** Who made the request; resolved before any handler runs. */
    caller: Caller;
    /** The session cookie the request carried: none, one that no longer signs in, or an active session. */
    session: RequestSession;
  }
}
