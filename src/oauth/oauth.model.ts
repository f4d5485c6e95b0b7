/**
 * OAuth 2.0 (3LO) apps and grants as Veil's code sees them, the scopes an app may register (with what
 * each gives, in the words the consent page shows), and the lifetimes Atlassian documents. Pure.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { OAuthAppsTable, OAuthGrantsTable } from '../db/tables/oauth.table.ts';

/** What each scope lets an app do, as the consent page says it. */
export const scopeDescriptions: Readonly<Record<string, string>> = Object.freeze({
  'read:me': 'See your own profile: your name, email address, picture and every other profile field',
  'read:account': 'See your own profile details',
  offline_access:
    'Keep this access while you are not using the app (it may renew its access for up to a year)',
  'read:jira-user': 'See the people of the site, as the site shows them to you',
  'read:jira-work': 'See the projects, issues and comments you can see on the site',
  'write:jira-work': 'Create and change issues and comments as you',
  'manage:jira-project': 'Manage the projects you administer',
  'manage:jira-configuration': 'Manage the site settings you may change',
  'read:confluence-user': 'See the people of the wiki, as the wiki shows them to you',
  'read:confluence-content.all': 'See the pages, blogs and comments you can see on the wiki',
  'write:confluence-content': 'Create and change pages, blogs and comments as you',
  'read:user:jira': 'See the people of the site, as the site shows them to you',
  'read:email-address:jira': 'See the email addresses of the people of the site',
  'read:email-address:confluence': 'See the email addresses of the people of the wiki',
  'report:personal-data': 'Report which people the app holds data about',
});

export const knownScopes: readonly string[] = Object.keys(scopeDescriptions);

/** What the scope gives, in plain words; the scope itself for one Veil does not know (never `valueOf`). */
export function describeScope(scope: string): string {
  return Object.hasOwn(scopeDescriptions, scope) ? (scopeDescriptions[scope] ?? scope) : scope;
}

export const accessTokenSeconds = 3600;
export const codeSeconds = 600;
export const refreshInactivityMs = 90 * 86_400_000;
export const refreshAbsoluteMs = 365 * 86_400_000;
export const refreshReuseLeewayMs = 10 * 60_000;

/** Prefix of every 3LO token, so that the sign-in methods tell them from Connect's bearer tokens. */
export const tokenPrefix = 'veil3lo_';

export interface OAuthApp {
  readonly clientId: string;
  readonly name: string;
  readonly callbackUrl: string;
  readonly scopes: readonly string[];
  readonly ownerAccountId: string | null;
  readonly createdAt: Date;
}

export interface OAuthGrant {
  readonly grantId: string;
  readonly clientId: string;
  readonly accountId: string;
  readonly scopes: readonly string[];
  readonly createdAt: Date;
}

/** Space-separated OAuth scopes as a list without repeats or empty parts. */
export function splitScopes(text: string | undefined): string[] {
  return [...new Set((text ?? '').split(' ').filter((scope) => scope.length > 0))];
}

export function joinScopes(scopes: readonly string[]): string {
  return [...new Set(scopes)].join(' ');
}

export function oauthAppRowToApp(row: Selectable<OAuthAppsTable>): OAuthApp {
  return {
    clientId: row.client_id,
    name: row.name,
    callbackUrl: row.callback_url,
    scopes: splitScopes(row.scopes),
    ownerAccountId: row.owner_account_id,
    createdAt: row.created_at,
  };
}

export function oauthGrantRowToGrant(row: Selectable<OAuthGrantsTable>): OAuthGrant {
  return {
    grantId: row.grant_id,
    clientId: row.client_id,
    accountId: row.account_id,
    scopes: splitScopes(row.scopes),
    createdAt: row.created_at,
  };
}

/** The SHA-256 of a secret, code or token: only this is stored. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Whether `secret` hashes to `hash`, compared in constant time. */
export function secretMatches(secret: string, hash: string): boolean {
  const given = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(hash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

/** A random opaque value (codes, tokens, secrets, ids), with an optional prefix. */
export function randomValue(prefix = '', bytes = 32): string {
  return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}
