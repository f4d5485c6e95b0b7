/**
 * What an app gets of the legacy identities (username, userKey) during the migration period: the
 * context claim of its JWTs, `name`/`key` beside `accountId` in webhook users, and the deprecated URL
 * variables with their `.accountId` companions. Apps that opted in (`apiMigrations.gdpr: true`) never
 * get any; the others only while the site is in the legacy stage.
 *
 * SEAM: the per-site migration stage (and the per-site legacy identities) are built on the migration
 * branch and are not on main yet, so every site counts as enforced and this answers null for everyone.
 * Wiring it is one change here: read the site's stage at `now` and the account's identity on the site.
 */
import type { Install } from './apps.model.ts';

/** A person's legacy identity on one site, as an app not opted in to the GDPR migration receives it. */
export interface AppLegacyIdentity {
  readonly username: string;
  readonly userKey: string;
}

/** Whether the app opted in to the GDPR migration: then it never receives usernames or user keys. */
export function hasGdprOptIn(install: Install): boolean {
  return install.descriptor.apiMigrations?.gdpr === true;
}

/** The legacy identity `install` may receive for `accountId` at `now`; null while no site has a legacy stage. */
export function legacyIdentityForApp(
  install: Install,
  _accountId: string,
  _now: Date,
): AppLegacyIdentity | null {
  if (hasGdprOptIn(install)) return null;
  return null;
}
