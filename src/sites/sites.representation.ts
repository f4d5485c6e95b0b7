import type { Static } from 'typebox';
import { migrationStageAt, parseInstant, type SiteMigration } from './migration-stage.ts';
import type { Site } from './sites.model.ts';
import type { MigrationBody } from './sites.schemas.ts';

/** The site as its admins see it, with the migration stage in force at `now`. */
export function renderSite(site: Site, now: Date) {
  const { migration } = site;
  return {
    ...site,
    default: site.isDefault,
    migration: { stage: migration.stage, deprecationEnds: migration.deprecationEnds?.toISOString() ?? null },
    stageNow: migrationStageAt(site, now),
  };
}

/** A migration as the body gives it, as the domain holds it. */
export function readMigration(body: Static<typeof MigrationBody> | undefined): SiteMigration | undefined {
  if (!body) return undefined;
  return {
    stage: body.stage,
    // The contract's date-time format is this same parser, so the instant is there.
    deprecationEnds: body.deprecationEnds ? (parseInstant(body.deprecationEnds) ?? null) : null,
  };
}
