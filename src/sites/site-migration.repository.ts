import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { SiteMigration } from './migration-stage.ts';

/** The account on the site that holds this username (compared normalised), if any. */
export async function findUsernameOwner(db: Kysely<Database>, siteId: string, usernameNormalized: string) {
  const row = await db
    .selectFrom('site_accounts')
    .select('account_id')
    .where('site_id', '=', siteId)
    .where('username_normalized', '=', usernameNormalized)
    .executeTakeFirst();
  return row?.account_id;
}

/** The account on the site that holds this userKey, if any. */
export async function findUserKeyOwner(db: Kysely<Database>, siteId: string, userKey: string) {
  const row = await db
    .selectFrom('site_accounts')
    .select('account_id')
    .where('site_id', '=', siteId)
    .where('user_key', '=', userKey)
    .executeTakeFirst();
  return row?.account_id;
}

/** Writes the parts of a link's legacy identity that are given (null clears one). */
export async function updateLinkLegacyIdentity(
  db: Kysely<Database>,
  siteId: string,
  accountId: string,
  changes: { username?: { value: string; normalized: string } | null; userKey?: string | null },
) {
  const set = {
    ...(changes.username !== undefined
      ? {
          username: changes.username?.value ?? null,
          username_normalized: changes.username?.normalized ?? null,
        }
      : {}),
    ...(changes.userKey !== undefined ? { user_key: changes.userKey } : {}),
  };
  if (Object.keys(set).length === 0) return;
  await db
    .updateTable('site_accounts')
    .set(set)
    .where('site_id', '=', siteId)
    .where('account_id', '=', accountId)
    .execute();
}

/** The stage columns of a site row as the domain's `SiteMigration`. */
export function siteRowToMigration(row: {
  migration_stage: SiteMigration['stage'];
  deprecation_ends: Date | null;
}): SiteMigration {
  return { stage: row.migration_stage, deprecationEnds: row.deprecation_ends };
}

export async function updateSiteMigration(db: Kysely<Database>, siteId: string, migration: SiteMigration) {
  await db
    .updateTable('sites')
    .set({ migration_stage: migration.stage, deprecation_ends: migration.deprecationEnds })
    .where('site_id', '=', siteId)
    .execute();
}

/** The site's user-type custom fields, by id. */
export async function findSiteUserFieldRows(db: Kysely<Database>, siteId: string) {
  return db
    .selectFrom('site_user_fields')
    .select(['field_id', 'name'])
    .where('site_id', '=', siteId)
    .orderBy('field_id')
    .execute();
}

/** Replaces the site's user-type custom fields. */
export async function replaceSiteUserFieldRows(
  db: Kysely<Database>,
  siteId: string,
  fields: readonly { id: number; name: string }[],
) {
  await db.deleteFrom('site_user_fields').where('site_id', '=', siteId).execute();
  if (fields.length === 0) return;
  await db
    .insertInto('site_user_fields')
    .values(
      fields.map((field) => ({
        site_id: siteId,
        field_id: field.id,
        name: field.name,
        name_normalized: field.name.toLowerCase(),
      })),
    )
    .execute();
}
