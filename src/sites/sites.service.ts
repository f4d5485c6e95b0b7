import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { getAccount } from '../accounts/accounts.service.ts';
import type { Clock } from '../clock/clock.ts';
import { isUniqueViolation } from '../db/errors.ts';
import type { Database } from '../db/schema.ts';
import { VeilError } from '../errors/veil-error.ts';
import type { SiteMigration } from './migration-stage.ts';
import { findSiteUserFieldRows, siteRowToMigration } from './site-migration.repository.ts';
import {
  type LegacyIdentityChanges,
  setLinkLegacyIdentity,
  setSiteMigration,
  setSiteUserFields,
} from './site-migration.service.ts';
import type { Group, Product, Project, Site, SiteLink, UserField } from './sites.model.ts';
import {
  findGroupRow,
  findLinkProductRows,
  findLinkRows,
  findMembershipRows,
  findSiteParts,
  findSiteRow,
  findSiteRowForHost,
  listSiteRows,
} from './sites.repository.ts';

export interface SiteSettings {
  baseUrl?: string;
  hosts?: readonly string[];
  isDefault?: boolean;
  products?: readonly Product[];
  anonymousAccess?: boolean;
  migration?: SiteMigration;
  userFields?: readonly UserField[];
}

export interface NewSite extends SiteSettings {
  id: string;
  baseUrl: string;
  admins?: readonly string[];
  groups?: readonly string[];
  projects?: readonly { key: string; name: string; lead?: string | null }[];
}

/** Lower-cased host name without a port. */
export function normalizeHost(host: string): string {
  return host.trim().toLowerCase().replace(/:\d+$/, '');
}

export async function createSite(db: Kysely<Database>, clock: Clock, input: NewSite): Promise<Site> {
  try {
    await db
      .insertInto('sites')
      .values({ site_id: input.id, base_url: input.baseUrl.replace(/\/+$/, ''), created_at: clock.now() })
      .execute();
  } catch (error) {
    if (isUniqueViolation(error)) throw new VeilError('site.id_taken', `A site ${input.id} already exists`);
    throw error;
  }
  await updateSite(db, input.id, { ...input, baseUrl: input.baseUrl, products: input.products ?? ['jira'] });
  for (const accountId of input.admins ?? []) await addSiteAdmin(db, input.id, accountId);
  for (const name of input.groups ?? []) await createGroup(db, clock, input.id, name);
  for (const project of input.projects ?? []) await createProject(db, input.id, project);
  return getSite(db, input.id);
}

/** Changes the settings named; hosts and products given replace the old lists. */
export async function updateSite(
  db: Kysely<Database>,
  siteId: string,
  settings: SiteSettings,
): Promise<Site> {
  await getSite(db, siteId);
  if (settings.isDefault === true) {
    await db.updateTable('sites').set({ is_default: false }).where('site_id', '!=', siteId).execute();
  }
  const changes = {
    ...(settings.baseUrl !== undefined ? { base_url: settings.baseUrl.replace(/\/+$/, '') } : {}),
    ...(settings.isDefault !== undefined ? { is_default: settings.isDefault } : {}),
    ...(settings.anonymousAccess !== undefined ? { anonymous_access: settings.anonymousAccess } : {}),
  };
  if (Object.keys(changes).length > 0)
    await db.updateTable('sites').set(changes).where('site_id', '=', siteId).execute();
  if (settings.hosts !== undefined) await replaceHosts(db, siteId, settings.hosts);
  if (settings.migration !== undefined) await setSiteMigration(db, siteId, settings.migration);
  if (settings.userFields !== undefined) await setSiteUserFields(db, siteId, settings.userFields);
  if (settings.products !== undefined) {
    await db.deleteFrom('site_products').where('site_id', '=', siteId).execute();
    const rows = [...new Set(settings.products)].map((product) => ({ site_id: siteId, product }));
    if (rows.length > 0) await db.insertInto('site_products').values(rows).execute();
  }
  return getSite(db, siteId);
}

async function replaceHosts(db: Kysely<Database>, siteId: string, hosts: readonly string[]) {
  await db.deleteFrom('site_hosts').where('site_id', '=', siteId).execute();
  const rows = [...new Set(hosts.map(normalizeHost))].map((host) => ({ host, site_id: siteId }));
  if (rows.length === 0) return;
  try {
    await db.insertInto('site_hosts').values(rows).execute();
  } catch (error) {
    if (isUniqueViolation(error))
      throw new VeilError('site.host_taken', 'Another site already answers for one of these hosts');
    throw error;
  }
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

async function assembleSite(
  db: Kysely<Database>,
  row: {
    site_id: string;
    base_url: string;
    is_default: boolean;
    anonymous_access: boolean;
    migration_stage: SiteMigration['stage'];
    deprecation_ends: Date | null;
  },
): Promise<Site> {
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

/** Makes the account an admin of the site; a customer of another site cannot be one (it belongs there). */
export async function addSiteAdmin(db: Kysely<Database>, siteId: string, accountId: string) {
  const account = await getAccount(db, accountId);
  if (account.accountType === 'customer' && account.customerSiteId !== siteId) {
    throw new VeilError(
      'site.customer_elsewhere',
      `The customer account belongs to the site ${account.customerSiteId}`,
    );
  }
  await db
    .insertInto('site_admins')
    .values({ site_id: siteId, account_id: accountId })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function removeSiteAdmin(db: Kysely<Database>, siteId: string, accountId: string) {
  await db
    .deleteFrom('site_admins')
    .where('site_id', '=', siteId)
    .where('account_id', '=', accountId)
    .execute();
}

export async function createGroup(
  db: Kysely<Database>,
  clock: Clock,
  siteId: string,
  name: string,
): Promise<Group> {
  const groupId = randomUUID();
  try {
    await db
      .insertInto('groups')
      .values({
        group_id: groupId,
        site_id: siteId,
        name,
        name_normalized: name.toLowerCase(),
        created_at: clock.now(),
      })
      .execute();
  } catch (error) {
    if (isUniqueViolation(error))
      throw new VeilError('group.name_taken', `The site already has a group named ${name}`);
    throw error;
  }
  return { groupId, name };
}

/** Finds a group of the site by id or by name (case-insensitive), or fails with `group.not_found`. */
export async function getGroup(
  db: Kysely<Database>,
  siteId: string,
  ref: { groupId?: string; name?: string },
) {
  const row = await findGroupRow(db, siteId, ref);
  if (!row) throw new VeilError('group.not_found', `No group ${ref.groupId ?? ref.name} exists on the site`);
  return { groupId: row.group_id, name: row.name };
}

export async function deleteGroup(db: Kysely<Database>, siteId: string, groupId: string) {
  await getGroup(db, siteId, { groupId });
  await db.deleteFrom('groups').where('group_id', '=', groupId).execute();
}

/** Adds a linked account to a group of the site. */
export async function addGroupMember(
  db: Kysely<Database>,
  siteId: string,
  groupId: string,
  accountId: string,
) {
  await getGroup(db, siteId, { groupId });
  await getLink(db, siteId, accountId);
  await db
    .insertInto('group_members')
    .values({ group_id: groupId, account_id: accountId })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function removeGroupMember(
  db: Kysely<Database>,
  siteId: string,
  groupId: string,
  accountId: string,
) {
  await getGroup(db, siteId, { groupId });
  await db
    .deleteFrom('group_members')
    .where('group_id', '=', groupId)
    .where('account_id', '=', accountId)
    .execute();
}

export async function createProject(
  db: Kysely<Database>,
  siteId: string,
  project: { key: string; name: string; lead?: string | null },
) {
  if (project.lead) await getAccount(db, project.lead);
  try {
    await db
      .insertInto('projects')
      .values({
        site_id: siteId,
        project_key: project.key,
        name: project.name,
        lead_account_id: project.lead ?? null,
      })
      .execute();
  } catch (error) {
    if (isUniqueViolation(error))
      throw new VeilError('project.key_taken', `The site already has a project ${project.key}`);
    throw error;
  }
}

/**
 * Links an account to a site with the given product access, or updates the link. Group names given
 * replace the account's groups on the site. A customer stays on its own site.
 */
export async function linkAccount(
  db: Kysely<Database>,
  clock: Clock,
  siteId: string,
  accountId: string,
  access: { products?: readonly Product[]; groups?: readonly string[] } & LegacyIdentityChanges,
): Promise<SiteLink> {
  await getSite(db, siteId);
  const account = await getAccount(db, accountId);
  if (account.accountType === 'customer' && account.customerSiteId !== siteId) {
    throw new VeilError(
      'site.customer_elsewhere',
      `The customer account belongs to the site ${account.customerSiteId}`,
    );
  }
  await db
    .insertInto('site_accounts')
    .values({ site_id: siteId, account_id: accountId, linked_at: clock.now() })
    .onConflict((oc) => oc.doNothing())
    .execute();
  // The link's products and groups are replaced below: changes to one link wait for each other.
  await db
    .selectFrom('site_accounts')
    .select('account_id')
    .where('site_id', '=', siteId)
    .where('account_id', '=', accountId)
    .forNoKeyUpdate()
    .execute();
  if (access.products !== undefined) {
    await db
      .deleteFrom('site_account_products')
      .where('site_id', '=', siteId)
      .where('account_id', '=', accountId)
      .execute();
    const rows = [...new Set(access.products)].map((product) => ({
      site_id: siteId,
      account_id: accountId,
      product,
    }));
    if (rows.length > 0) await db.insertInto('site_account_products').values(rows).execute();
  }
  if (access.groups !== undefined) await replaceMemberships(db, siteId, accountId, access.groups);
  if (access.username !== undefined || access.userKey !== undefined) {
    await setLinkLegacyIdentity(db, siteId, accountId, {
      ...(access.username !== undefined ? { username: access.username } : {}),
      ...(access.userKey !== undefined ? { userKey: access.userKey } : {}),
    });
  }
  return getLink(db, siteId, accountId);
}

async function replaceMemberships(
  db: Kysely<Database>,
  siteId: string,
  accountId: string,
  names: readonly string[],
) {
  const groups = await Promise.all(names.map((name) => getGroup(db, siteId, { name })));
  const siteGroupIds = db.selectFrom('groups').select('group_id').where('site_id', '=', siteId);
  await db
    .deleteFrom('group_members')
    .where('account_id', '=', accountId)
    .where('group_id', 'in', siteGroupIds)
    .execute();
  const rows = [...new Set(groups.map((g) => g.groupId))].map((groupId) => ({
    group_id: groupId,
    account_id: accountId,
  }));
  if (rows.length > 0) await db.insertInto('group_members').values(rows).execute();
}

/** Unlinks an account from a site: its groups there go too; the account itself is kept. */
export async function unlinkAccount(db: Kysely<Database>, siteId: string, accountId: string) {
  await getLink(db, siteId, accountId);
  const siteGroupIds = db.selectFrom('groups').select('group_id').where('site_id', '=', siteId);
  await db
    .deleteFrom('group_members')
    .where('account_id', '=', accountId)
    .where('group_id', 'in', siteGroupIds)
    .execute();
  await db
    .deleteFrom('site_admins')
    .where('site_id', '=', siteId)
    .where('account_id', '=', accountId)
    .execute();
  await db
    .deleteFrom('site_accounts')
    .where('site_id', '=', siteId)
    .where('account_id', '=', accountId)
    .execute();
}

export async function getLink(db: Kysely<Database>, siteId: string, accountId: string): Promise<SiteLink> {
  const [link] = await listLinks(db, siteId, [accountId]);
  if (!link)
    throw new VeilError(
      'site.link_not_found',
      `The account ${accountId} is not linked to the site ${siteId}`,
    );
  return link;
}

/** The links of a site (all, or of the accounts named), with product access and groups. */
export async function listLinks(
  db: Kysely<Database>,
  siteId: string,
  accountIds?: readonly string[],
): Promise<SiteLink[]> {
  const links = await findLinkRows(db, siteId, accountIds);
  const ids = links.map((link) => link.account_id);
  const [productRows, membershipRows] = await Promise.all([
    findLinkProductRows(db, siteId, ids),
    findMembershipRows(db, siteId, ids),
  ]);
  return links.map((link) => ({
    accountId: link.account_id,
    linkedAt: link.linked_at,
    products: productRows.filter((p) => p.account_id === link.account_id).map((p) => p.product as Product),
    groups: membershipRows
      .filter((m) => m.account_id === link.account_id)
      .map((m) => ({ groupId: m.group_id, name: m.name })),
    username: link.username,
    userKey: link.user_key,
    deactivatedAt: link.deactivated_at,
  }));
}

export type { Project };
