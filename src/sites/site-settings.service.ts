/** Creating a site with its parts, and changing its settings. */
import type { Kysely } from 'kysely';
import type { Clock } from '../clock/clock.ts';
import { isUniqueViolation } from '../db/errors.ts';
import type { Database } from '../db/schema.ts';
import { VeilError } from '../errors/veil-error.ts';
import { createGroup } from '../site-groups/site-groups.service.ts';
import type { SiteMigration } from './migration-stage.ts';
import { addSiteAdmin } from './site-admins.service.ts';
import { setSiteMigration, setSiteUserFields } from './site-migration.service.ts';
import { createProject } from './site-projects.service.ts';
import type { Product, Site, UserField } from './sites.model.ts';
import {
  clearOtherDefaultSites,
  deleteHostRows,
  insertHostRows,
  insertSiteRow,
  replaceProductRows,
  updateSiteRow,
} from './sites.repository.ts';
import { getSite, normalizeHost } from './sites.service.ts';

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

/** Creates the site with its settings, admins, groups and projects, in one transaction. */
export async function createSite(db: Kysely<Database>, clock: Clock, input: NewSite): Promise<Site> {
  const create = async (trx: Kysely<Database>) => {
    try {
      await insertSiteRow(trx, {
        siteId: input.id,
        baseUrl: trimBaseUrl(input.baseUrl),
        createdAt: clock.now(),
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new VeilError('site.id_taken', `A site ${input.id} already exists`);
      throw error;
    }
    await updateSite(trx, input.id, {
      ...input,
      baseUrl: input.baseUrl,
      products: input.products ?? ['jira'],
    });
    for (const accountId of input.admins ?? []) await addSiteAdmin(trx, input.id, accountId);
    for (const name of input.groups ?? []) await createGroup(trx, clock, input.id, name);
    for (const project of input.projects ?? []) await createProject(trx, input.id, project);
    return getSite(trx, input.id);
  };
  return db.isTransaction ? create(db) : db.transaction().execute(create);
}

/** Changes the settings named, in one transaction; hosts and products given replace the old lists. */
export async function updateSite(
  db: Kysely<Database>,
  siteId: string,
  settings: SiteSettings,
): Promise<Site> {
  const update = async (trx: Kysely<Database>) => {
    await getSite(trx, siteId);
    if (settings.isDefault === true) await clearOtherDefaultSites(trx, siteId);
    const changes = {
      ...(settings.baseUrl !== undefined ? { base_url: trimBaseUrl(settings.baseUrl) } : {}),
      ...(settings.isDefault !== undefined ? { is_default: settings.isDefault } : {}),
      ...(settings.anonymousAccess !== undefined ? { anonymous_access: settings.anonymousAccess } : {}),
    };
    if (Object.keys(changes).length > 0) await updateSiteRow(trx, siteId, changes);
    if (settings.hosts !== undefined) await replaceHosts(trx, siteId, settings.hosts);
    if (settings.migration !== undefined) await setSiteMigration(trx, siteId, settings.migration);
    if (settings.userFields !== undefined) await setSiteUserFields(trx, siteId, settings.userFields);
    if (settings.products !== undefined)
      await replaceProductRows(trx, siteId, [...new Set(settings.products)]);
    return getSite(trx, siteId);
  };
  return db.isTransaction ? update(db) : db.transaction().execute(update);
}

function trimBaseUrl(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '');
}

async function replaceHosts(db: Kysely<Database>, siteId: string, hosts: readonly string[]) {
  await deleteHostRows(db, siteId);
  try {
    await insertHostRows(db, siteId, [...new Set(hosts.map(normalizeHost))]);
  } catch (error) {
    if (isUniqueViolation(error))
      throw new VeilError('site.host_taken', 'Another site already answers for one of these hosts');
    throw error;
  }
}
