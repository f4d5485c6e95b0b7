/** The SQL of sites: the site row, its hosts, products, admins and projects. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { listGroupRows } from '../site-groups/site-groups.repository.ts';

export async function insertSiteRow(
  db: Kysely<Database>,
  site: { siteId: string; baseUrl: string; createdAt: Date },
): Promise<void> {
  await db
    .insertInto('sites')
    .values({ site_id: site.siteId, base_url: site.baseUrl, created_at: site.createdAt })
    .execute();
}

/** The site's own columns that a settings change may set. */
export interface SiteRowChanges {
  base_url?: string;
  is_default?: boolean;
  anonymous_access?: boolean;
}

export async function updateSiteRow(db: Kysely<Database>, siteId: string, changes: SiteRowChanges) {
  await db.updateTable('sites').set(changes).where('site_id', '=', siteId).execute();
}

/** Unmakes every other site the default (one site answers unknown hosts). */
export async function clearOtherDefaultSites(db: Kysely<Database>, siteId: string): Promise<void> {
  await db.updateTable('sites').set({ is_default: false }).where('site_id', '!=', siteId).execute();
}

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
    listGroupRows(db, siteId),
    db.selectFrom('projects').selectAll().where('site_id', '=', siteId).orderBy('project_key').execute(),
  ]);
  return { hosts, products, admins, groups, projects };
}

export async function deleteHostRows(db: Kysely<Database>, siteId: string): Promise<void> {
  await db.deleteFrom('site_hosts').where('site_id', '=', siteId).execute();
}

/** Adds host names (lower-cased, without duplicates) to the site; a host of another site violates a key. */
export async function insertHostRows(db: Kysely<Database>, siteId: string, hosts: readonly string[]) {
  if (hosts.length === 0) return;
  await db
    .insertInto('site_hosts')
    .values(hosts.map((host) => ({ host, site_id: siteId })))
    .execute();
}

/** Makes these products the site's only ones. */
export async function replaceProductRows(db: Kysely<Database>, siteId: string, products: readonly string[]) {
  await db.deleteFrom('site_products').where('site_id', '=', siteId).execute();
  const rows = products.map((product) => ({ site_id: siteId, product }));
  if (rows.length > 0) await db.insertInto('site_products').values(rows).execute();
}

export async function insertSiteAdminRow(db: Kysely<Database>, siteId: string, accountId: string) {
  await db
    .insertInto('site_admins')
    .values({ site_id: siteId, account_id: accountId })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function deleteSiteAdminRow(db: Kysely<Database>, siteId: string, accountId: string) {
  await db
    .deleteFrom('site_admins')
    .where('site_id', '=', siteId)
    .where('account_id', '=', accountId)
    .execute();
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

export async function insertProjectRow(
  db: Kysely<Database>,
  siteId: string,
  project: { key: string; name: string; lead: string | null },
): Promise<void> {
  await db
    .insertInto('projects')
    .values({ site_id: siteId, project_key: project.key, name: project.name, lead_account_id: project.lead })
    .execute();
}
