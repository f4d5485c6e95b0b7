/** The SQL of a site's groups and their members. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { GroupReference } from './site-groups.model.ts';

export interface NewGroupRow {
  readonly groupId: string;
  readonly siteId: string;
  readonly name: string;
  readonly createdAt: Date;
}

export async function insertGroupRow(db: Kysely<Database>, group: NewGroupRow): Promise<void> {
  await db
    .insertInto('groups')
    .values({
      group_id: group.groupId,
      site_id: group.siteId,
      name: group.name,
      name_normalized: group.name.toLowerCase(),
      created_at: group.createdAt,
    })
    .execute();
}

export async function findGroupRow(db: Kysely<Database>, siteId: string, ref: GroupReference) {
  let query = db.selectFrom('groups').selectAll().where('site_id', '=', siteId);
  if (ref.groupId !== undefined) query = query.where('group_id', '=', ref.groupId);
  if (ref.name !== undefined) query = query.where('name_normalized', '=', ref.name.toLowerCase());
  return query.executeTakeFirst();
}

/** The site's groups, by name. */
export async function listGroupRows(db: Kysely<Database>, siteId: string) {
  return db
    .selectFrom('groups')
    .select(['group_id', 'name'])
    .where('site_id', '=', siteId)
    .orderBy('name_normalized')
    .execute();
}

export async function deleteGroupRow(db: Kysely<Database>, groupId: string): Promise<void> {
  await db.deleteFrom('groups').where('group_id', '=', groupId).execute();
}

/** Whether the site exists: a group is created only on one. */
export async function siteRowExists(db: Kysely<Database>, siteId: string): Promise<boolean> {
  const row = await db.selectFrom('sites').select('site_id').where('site_id', '=', siteId).executeTakeFirst();
  return row !== undefined;
}

/** Whether the account is linked to the site: only a linked account joins one of its groups. */
export async function linkRowExists(db: Kysely<Database>, siteId: string, accountId: string) {
  const row = await db
    .selectFrom('site_accounts')
    .select('account_id')
    .where('site_id', '=', siteId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Adds the account to the group; a member already there stays as they are. */
export async function insertMemberRow(db: Kysely<Database>, groupId: string, accountId: string) {
  await db
    .insertInto('group_members')
    .values({ group_id: groupId, account_id: accountId })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Adds the account to each of these groups (none of which it belongs to yet). */
export async function insertMemberRows(db: Kysely<Database>, accountId: string, groupIds: readonly string[]) {
  if (groupIds.length === 0) return;
  const rows = groupIds.map((groupId) => ({ group_id: groupId, account_id: accountId }));
  await db.insertInto('group_members').values(rows).execute();
}

export async function deleteMemberRow(db: Kysely<Database>, groupId: string, accountId: string) {
  await db
    .deleteFrom('group_members')
    .where('group_id', '=', groupId)
    .where('account_id', '=', accountId)
    .execute();
}

/** Takes the account out of every group of the site. */
export async function deleteSiteMemberRows(db: Kysely<Database>, siteId: string, accountId: string) {
  const siteGroupIds = db.selectFrom('groups').select('group_id').where('site_id', '=', siteId);
  await db
    .deleteFrom('group_members')
    .where('account_id', '=', accountId)
    .where('group_id', 'in', siteGroupIds)
    .execute();
}

/** The groups of the site that these accounts belong to, by group name. */
export async function findMembershipRows(
  db: Kysely<Database>,
  siteId: string,
  accountIds: readonly string[],
) {
  if (accountIds.length === 0) return [];
  return db
    .selectFrom('group_members')
    .innerJoin('groups', 'groups.group_id', 'group_members.group_id')
    .select(['group_members.account_id', 'groups.group_id', 'groups.name'])
    .where('groups.site_id', '=', siteId)
    .where('group_members.account_id', 'in', accountIds)
    .orderBy('groups.name_normalized')
    .execute();
}
