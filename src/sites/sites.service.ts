/** Sites as the rest of Veil reads them: whole, with their hosts, products, admins, groups and projects. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { VeilError } from '../errors/veil-error.ts';
import { findSiteUserFieldRows, siteRowToMigration } from './site-migration.repository.ts';
import type { Product, Site } from './sites.model.ts';
import { findSiteParts, findSiteRow, findSiteRowForHost, listSiteRows } from './sites.repository.ts';

/** Lower-cased host name without a port. */
export function normalizeHost(host: string): string {
  return host.trim().toLowerCase().replace(/:\d+$/, '');
}

export async function getSite(db: Kysely<Database>, siteId: string): Promise<Site> {
  const row = await findSiteRow(db, siteId);
  if (!row) throw new VeilError('site.not_found', `No site has the id ${siteId}`);
  return assembleSite(db, row);
}

export async function listSites(db: Kysely<Database>): Promise<Site[]> {
  const rows = await listSiteRows(db);
  return Promise.all(rows.map((row) => assembleSite(db, row)));
}

/** The site that answers requests for `host` (the default site when no other does), or undefined. */
export async function findSiteForHost(db: Kysely<Database>, host: string): Promise<Site | undefined> {
  const row = await findSiteRowForHost(db, normalizeHost(host));
  return row ? assembleSite(db, row) : undefined;
}

type SiteRow = NonNullable<Awaited<ReturnType<typeof findSiteRow>>>;

async function assembleSite(db: Kysely<Database>, row: SiteRow): Promise<Site> {
  const [parts, userFields] = await Promise.all([
    findSiteParts(db, row.site_id),
    findSiteUserFieldRows(db, row.site_id),
  ]);
  return {
    id: row.site_id,
    baseUrl: row.base_url,
    hosts: parts.hosts.map((h) => h.host),
    isDefault: row.is_default,
    products: parts.products.map((p) => p.product as Product),
    anonymousAccess: row.anonymous_access,
    admins: parts.admins.map((a) => a.account_id),
    groups: parts.groups.map((g) => ({ groupId: g.group_id, name: g.name })),
    projects: parts.projects.map((p) => ({ key: p.project_key, name: p.name, lead: p.lead_account_id })),
    migration: siteRowToMigration(row),
    userFields: userFields.map((f) => ({ id: f.field_id, name: f.name })),
  };
}
