/**
 * What a Connect app gets of the legacy identities (username, userKey) during the migration period.
 * Apps that opted in (`apiMigrations.gdpr: true`) never get any; the others, on a site in the legacy
 * stage at the injected clock's now, get what the migration guide describes: the JWT `context` claim
 * (`context.user` with accountId, userKey, username, displayName), `user_key`/`user_id` on lifecycle
 * callbacks, `name`/`key` beside `accountId` in webhook users, and for URL variables the username with
 * an `<parameter>.accountId` companion. Pure: the callers read the site and the link.
 */

import type { LegacyIdentity } from '../sites/legacy-identifiers.ts';
import {
  acceptsLegacyIdentifiers,
  type IdentityMode,
  identityModeFor,
  migrationStageAt,
} from '../sites/migration-stage.ts';
import type { SiteLink } from '../sites/site-links.model.ts';
import type { Site } from '../sites/sites.model.ts';
import type { ProfileView } from '../visibility/visibility.ts';
import type { Install } from './apps.model.ts';

/** Whether the app opted in to the GDPR migration: then it never receives usernames or user keys. */
export function hasGdprOptIn(install: Pick<Install, 'descriptor'>): boolean {
  return install.descriptor.apiMigrations?.gdpr === true;
}

/** The identity mode Veil speaks to the app in on `site` at `now`. */
export function appIdentityMode(install: Pick<Install, 'descriptor'>, site: Site, now: Date): IdentityMode {
  return identityModeFor(migrationStageAt(site, now), hasGdprOptIn(install));
}

/**
 * The legacy identity an app in `mode` gets for a person with this link, or null: only where the one
 * decision lets the app see it (`view.showsLegacyIdentity`, the view decided for the app).
 */
export function legacyIdentityForApp(
  mode: IdentityMode,
  link: SiteLink | undefined,
  view: Pick<ProfileView, 'showsLegacyIdentity'>,
): LegacyIdentity | null {
  if (!acceptsLegacyIdentifiers(mode) || !link || !view.showsLegacyIdentity) return null;
  if (link.username === null && link.userKey === null) return null;
  return { username: link.username, userKey: link.userKey };
}

/** The deprecated `context` claim for the acting person, in the legacy mode only. */
export function legacyContextClaim(
  mode: IdentityMode,
  view: ProfileView,
  link: SiteLink | undefined,
): { user: Record<string, string | null> } | undefined {
  if (!acceptsLegacyIdentifiers(mode)) return undefined;
  const legacy = legacyIdentityForApp(mode, link, view);
  return {
    user: {
      accountId: view.accountId,
      userKey: legacy?.userKey ?? null,
      username: legacy?.username ?? null,
      displayName: view.displayName,
    },
  };
}

const userVariables = {
  'modifiedUser.accountId': 'accountId',
  'modifiedUser.name': 'username',
  'modifiedUser.key': 'userKey',
} as const;

/**
 * Fills the user variables of a descriptor URL (`${modifiedUser.accountId}`, and the deprecated
 * `${modifiedUser.name}` / `${modifiedUser.key}`). With a legacy identity the deprecated ones carry the
 * username and key, and a query parameter that holds one gets an `<parameter>.accountId` companion;
 * without one (opted in, or enforced) they carry the accountId. Other variables become empty.
 */
export function substituteUserVariables(
  url: string,
  accountId: string,
  legacy: LegacyIdentity | null,
): string {
  const fill = (variable: string): string => {
    const field = userVariables[variable.trim() as keyof typeof userVariables];
    if (field === undefined) return '';
    if (field === 'accountId' || legacy === null) return encodeURIComponent(accountId);
    return encodeURIComponent((field === 'username' ? legacy.username : legacy.userKey) ?? '');
  };
  const filled = url.replace(/\$\{([^}]*)\}/g, (_match, variable: string) => fill(variable));
  if (legacy === null) return filled;
  const companions = [...url.matchAll(/[?&]([^=&#]+)=\$\{\s*modifiedUser\.(?:name|key)\s*\}/g)].map(
    (match) => `${match[1]}.accountId=${encodeURIComponent(accountId)}`,
  );
  if (companions.length === 0) return filled;
  return `${filled}${filled.includes('?') ? '&' : '?'}${companions.join('&')}`;
}
