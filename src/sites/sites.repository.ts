import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export async function findSiteRow(db: Kysely<Database>, siteId: string) {
  return db.selectFrom('sites').selectAll().where('site_id', '=', siteId).executeTakeFirst();
}

export async function listSiteRows(db: Kysely<Database>) {
  return db.selectFrom('sites').selectAll().orderBy('site_id').execute();
}

/** The site that answers for a host name, else the default site. */
export async function findSiteRowForHost(db: Kysely<Database>, host: string) {
  const byHost = await db
    .selectFrom('site_hosts')
    .innerJoin('sites', 'sites.site_id', 'site_hosts.site_id')
    .selectAll('sites')
    .where('site_hosts.host', '=', host)
    .executeTakeFirst();
  return byHost ?? db.selectFrom('sites').selectAll().where('is_default', '=', true).executeTakeFirst();
}

export async function findSiteParts(db: Kysely<Database>, siteId: string) {
  const [hosts, products, admins, groups, projects] = await Promise.all([
    db.selectFrom('site_hosts').select('host').where('site_id', '=', siteId).orderBy('host').execute(),
    db
      .selectFrom('site_products')
      .select('product')
      .where('site_id', '=', siteId)
      .orderBy('product')
      .execute(),
    db
      .selectFrom('site_admins')
      .select('account_id')
      .where('site_id', '=', siteId)
      .orderBy('account_id')
      .execute(),
    db
      .selectFrom('groups')
      .select(['group_id', 'name'])
      .where('site_id', '=', siteId)
      .orderBy('name_normalized')
      .execute(),
    db.selectFrom('projects').selectAll().where('site_id', '=', siteId).orderBy('project_key').execute(),
  ]);
  return { hosts, products, admins, groups, projects };
}

export async function findGroupRow(
  db: Kysely<Database>,
  siteId: string,
  ref: { groupId?: string; name?: string },
) {
  let query = db.selectFrom('groups').selectAll().where('site_id', '=', siteId);
  if (ref.groupId !== undefined) query = query.where('group_id', '=', ref.groupId);
  if (ref.name !== undefined) query = query.where('name_normalized', '=', ref.name.toLowerCase());
  return query.executeTakeFirst();
}

export async function findLinkRows(db: Kysely<Database>, siteId: string, accountIds?: readonly string[]) {
  let query = db.selectFrom('site_accounts').selectAll().where('site_id', '=', siteId);
  if (accountIds) {
    if (accountIds.length === 0) return [];
    query = query.where('account_id', 'in', accountIds);
  }
  return query.orderBy('linked_at').orderBy('account_id').execute();
}

export async function findLinkProductRows(
  db: Kysely<Database>,
  siteId: string,
  accountIds: readonly string[],
) {
  if (accountIds.length === 0) return [];
  return db
    .selectFrom('site_account_products')
    .selectAll()
    .where('site_id', '=', siteId)
    .where('account_id', 'in', accountIds)
    .execute();
}

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

/** The sites an account is linked to. */
export async function findSiteIdsOfAccount(db: Kysely<Database>, accountId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('site_accounts')
    .select('site_id')
    .where('account_id', '=', accountId)
    .execute();
  return rows.map((row) => row.site_id);
}

/** The sites this account administers. */
export async function findAdministeredSiteIds(db: Kysely<Database>, accountId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('site_admins')
    .select('site_id')
    .where('account_id', '=', accountId)
    .execute();
  return rows.map((row) => row.site_id);
}

/**
 * Marks the link deactivated since `at` (the person's access to this site only), or gives it back
 * (`null`). With `onlyIfSet`, only a deactivated link is touched. Returns whether a row changed.
 */
export async function updateLinkDeactivation(
  db: Kysely<Database>,
  siteId: string,
  accountId: string,
  at: Date | null,
  onlyIfSet = false,
): Promise<boolean> {
  const result = await db
    .updateTable('site_accounts')
    .set({ deactivated_at: at })
    .where('site_id', '=', siteId)
    .where('account_id', '=', accountId)
    .$if(onlyIfSet, (q) => q.where('deactivated_at', 'is not', null))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
