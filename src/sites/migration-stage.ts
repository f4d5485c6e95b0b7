/**
 * The migration period of a site, as pure decisions (no I/O, no framework): which stage a site is in at
 * a moment, and which identity mode a call gets. Every part that must behave differently while usernames
 * and keys still work (the user APIs, Connect JWTs and webhooks) asks these functions, with the time from
 * the injected clock, so moving the clock past a deprecation end switches a site to enforced at once.
 */

/** The stages a site can be set to. */
export const migrationStages = ['legacy', 'enforced'] as const;
export type MigrationStage = (typeof migrationStages)[number];

/** A site's migration settings: its stage, and when the legacy stage ends by itself (if ever). */
export interface SiteMigration {
  readonly stage: MigrationStage;
  /** From this instant on, a legacy site behaves as enforced; null: the legacy stage has no end. */
  readonly deprecationEnds: Date | null;
}

/**
 * How one call is served: `legacy` (usernames and keys accepted and returned beside accountIds),
 * `opt-in` (a legacy site, but the caller asked for the GDPR behaviour) or `enforced`.
 */
export type IdentityMode = 'legacy' | 'opt-in' | 'enforced';

/** The stage a site is in at `now`: a legacy site whose deprecation end has come is enforced. */
export function migrationStageAt(site: { readonly migration: SiteMigration }, now: Date): MigrationStage {
  const { stage, deprecationEnds } = site.migration;
  if (stage === 'legacy' && deprecationEnds !== null && now.getTime() >= deprecationEnds.getTime()) {
    return 'enforced';
  }
  return stage;
}

/** The identity mode of a call on a site in `stage`; opting in only matters while the site is legacy. */
export function identityModeFor(stage: MigrationStage, optedIn: boolean): IdentityMode {
  if (stage === 'enforced') return 'enforced';
  return optedIn ? 'opt-in' : 'legacy';
}

/** Whether a call in this mode may name users by username or key, and gets them back. */
export function acceptsLegacyIdentifiers(mode: IdentityMode): boolean {
  return mode === 'legacy';
}

/** The site's default when nothing says otherwise: Veil speaks the GDPR-era API. */
export const enforcedMigration: SiteMigration = Object.freeze({ stage: 'enforced', deprecationEnds: null });

// Deprecation ends are read by the one instant parser the API's contracts use as well.
export { parseInstant } from '../clock/instant.ts';
