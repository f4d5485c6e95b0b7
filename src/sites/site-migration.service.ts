import type { Kysely } from 'kysely';
import { isUniqueViolation } from '../db/errors.ts';
import type { Database } from '../db/schema.ts';
import { VeilError } from '../errors/veil-error.ts';
import { findLegacyIdentifierProblems, normalizeUsername } from './legacy-identifiers.ts';
import type { SiteMigration } from './migration-stage.ts';
import {
  findUserKeyOwner,
  findUsernameOwner,
  replaceSiteUserFieldRows,
  updateLinkLegacyIdentity,
  updateSiteMigration,
} from './site-migration.repository.ts';

/** Changes to a link's legacy identity: a value sets it, null clears it, undefined leaves it. */
export interface LegacyIdentityChanges {
  readonly username?: string | null;
  readonly userKey?: string | null;
}

function requireWellFormed(changes: LegacyIdentityChanges): void {
  const problems = [
    ...(typeof changes.username === 'string'
      ? findLegacyIdentifierProblems(changes.username, 'username')
      : []),
    ...(typeof changes.userKey === 'string' ? findLegacyIdentifierProblems(changes.userKey, 'userKey') : []),
  ];
  if (problems.length > 0) {
    throw new VeilError('request.invalid', 'The legacy identity is not valid', problems);
  }
}

/**
 * Sets the legacy username and userKey of an account's (existing) link to a site. Each is unique on
 * the site: one that another account of the site holds is refused.
 */
export async function setLinkLegacyIdentity(
  db: Kysely<Database>,
  siteId: string,
  accountId: string,
  changes: LegacyIdentityChanges,
): Promise<void> {
  requireWellFormed(changes);
  const username =
    typeof changes.username === 'string'
      ? { value: changes.username, normalized: normalizeUsername(changes.username) }
      : changes.username;
  if (username) {
    const owner = await findUsernameOwner(db, siteId, username.normalized);
    if (owner !== undefined && owner !== accountId) {
      throw new VeilError(
        'migration.username_taken',
        `Another account of the site has the username ${username.value}`,
      );
    }
  }
  if (typeof changes.userKey === 'string') {
    const owner = await findUserKeyOwner(db, siteId, changes.userKey);
    if (owner !== undefined && owner !== accountId) {
      throw new VeilError(
        'migration.user_key_taken',
        `Another account of the site has the userKey ${changes.userKey}`,
      );
    }
  }
  try {
    await updateLinkLegacyIdentity(db, siteId, accountId, {
      ...(username !== undefined ? { username } : {}),
      ...(changes.userKey !== undefined ? { userKey: changes.userKey } : {}),
    });
  } catch (error) {
    // Another writer took the name between the check and the write.
    if (isUniqueViolation(error)) {
      throw new VeilError(
        'migration.username_taken',
        'Another account of the site took this username or userKey',
      );
    }
    throw error;
  }
}

/** Sets the stage of a site; a deprecation end only means something for a legacy site, but is kept either way. */
export async function setSiteMigration(db: Kysely<Database>, siteId: string, migration: SiteMigration) {
  await updateSiteMigration(db, siteId, migration);
}

/** Replaces the user-type custom fields of a site; ids and names (case-insensitively) must be unique. */
export async function setSiteUserFields(
  db: Kysely<Database>,
  siteId: string,
  fields: readonly { id: number; name: string }[],
) {
  const problems = findUserFieldProblems(fields, 'userFields');
  if (problems.length > 0) throw new VeilError('request.invalid', 'The user fields are not valid', problems);
  await replaceSiteUserFieldRows(db, siteId, fields);
}

/** Problems of a list of user fields: positive whole ids, names of 1 to 255 characters, no repeats. */
export function findUserFieldProblems(fields: readonly { id: number; name: string }[], path: string) {
  const problems: { path: string; message: string }[] = [];
  const ids = new Set<number>();
  const names = new Set<string>();
  for (const [index, field] of fields.entries()) {
    if (!Number.isSafeInteger(field.id) || field.id <= 0)
      problems.push({ path: `${path}[${index}].id`, message: 'must be a positive whole number' });
    if (ids.has(field.id)) problems.push({ path: `${path}[${index}].id`, message: 'is used twice' });
    const name = field.name.trim().toLowerCase();
    if (name === '' || field.name.length > 255)
      problems.push({ path: `${path}[${index}].name`, message: 'must be 1 to 255 characters' });
    if (names.has(name)) problems.push({ path: `${path}[${index}].name`, message: 'is used twice' });
    ids.add(field.id);
    names.add(name);
  }
  return problems;
}
