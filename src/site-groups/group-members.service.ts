/** Who belongs to a site's groups: only accounts linked to the site, each group at most once. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { VeilError } from '../errors/veil-error.ts';
import type { Group, GroupReference } from './site-groups.model.ts';
import {
  deleteMemberRow,
  deleteSiteMemberRows,
  insertMemberRow,
  insertMemberRows,
  linkRowExists,
} from './site-groups.repository.ts';
import { getGroup } from './site-groups.service.ts';

/** Adds a linked account to a group of the site. */
export async function addGroupMember(
  db: Kysely<Database>,
  siteId: string,
  groupId: string,
  accountId: string,
): Promise<void> {
  await getGroup(db, siteId, { groupId });
  // The link is read here rather than through site-links/, which stands on this folder (a link lists its groups).
  if (!(await linkRowExists(db, siteId, accountId)))
    throw new VeilError(
      'site.link_not_found',
      `The account ${accountId} is not linked to the site ${siteId}`,
    );
  await insertMemberRow(db, groupId, accountId);
}

export async function removeGroupMember(
  db: Kysely<Database>,
  siteId: string,
  groupId: string,
  accountId: string,
): Promise<void> {
  await getGroup(db, siteId, { groupId });
  await deleteMemberRow(db, groupId, accountId);
}

/**
 * Adds the account that `findMember` names to the group named, in one transaction; the member is looked
 * for once the group is found, so an unknown group is reported first. Returns the group.
 */
export async function addNamedGroupMember(
  db: Kysely<Database>,
  siteId: string,
  ref: GroupReference,
  findMember: () => string,
): Promise<Group> {
  const add = async (trx: Kysely<Database>) => {
    const group = await getGroup(trx, siteId, ref);
    await addGroupMember(trx, siteId, group.groupId, findMember());
    return group;
  };
  return db.isTransaction ? add(db) : db.transaction().execute(add);
}

/** Takes the account that `findMember` names out of the group named, in one transaction (group first); returns the group. */
export async function removeNamedGroupMember(
  db: Kysely<Database>,
  siteId: string,
  ref: GroupReference,
  findMember: () => string,
): Promise<Group> {
  const remove = async (trx: Kysely<Database>) => {
    const group = await getGroup(trx, siteId, ref);
    await removeGroupMember(trx, siteId, group.groupId, findMember());
    return group;
  };
  return db.isTransaction ? remove(db) : db.transaction().execute(remove);
}

/** Makes the groups named (case-insensitive) the account's only groups on the site. */
export async function replaceGroupMemberships(
  db: Kysely<Database>,
  siteId: string,
  accountId: string,
  names: readonly string[],
): Promise<void> {
  const groups = await Promise.all(names.map((name) => getGroup(db, siteId, { name })));
  await deleteSiteMemberRows(db, siteId, accountId);
  await insertMemberRows(db, accountId, [...new Set(groups.map((g) => g.groupId))]);
}

/** Takes the account out of every group of the site. */
export async function leaveSiteGroups(db: Kysely<Database>, siteId: string, accountId: string) {
  await deleteSiteMemberRows(db, siteId, accountId);
}
