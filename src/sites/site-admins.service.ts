/** A site's admins: the accounts that manage the site, its groups and the accounts linked to it. */
import type { Kysely } from 'kysely';
import { getAccount } from '../accounts/accounts.service.ts';
import type { Database } from '../db/schema.ts';
import { refuseCustomerOfAnotherSite, type Site } from './sites.model.ts';
import { deleteSiteAdminRow, insertSiteAdminRow } from './sites.repository.ts';
import { getSite } from './sites.service.ts';

/** Makes the account an admin of the site; a customer of another site cannot be one (it belongs there). */
export async function addSiteAdmin(db: Kysely<Database>, siteId: string, accountId: string): Promise<void> {
  refuseCustomerOfAnotherSite(await getAccount(db, accountId), siteId);
  await insertSiteAdminRow(db, siteId, accountId);
}

export async function removeSiteAdmin(db: Kysely<Database>, siteId: string, accountId: string) {
  await deleteSiteAdminRow(db, siteId, accountId);
}

/** Makes the account an admin of the site named (`site.not_found` if there is none); returns the site. */
export async function grantSiteAdmin(db: Kysely<Database>, siteId: string, accountId: string): Promise<Site> {
  await getSite(db, siteId);
  await addSiteAdmin(db, siteId, accountId);
  return getSite(db, siteId);
}

/** Takes the account's admin role on the site named away (`site.not_found` if there is none). */
export async function revokeSiteAdmin(db: Kysely<Database>, siteId: string, accountId: string) {
  await getSite(db, siteId);
  await removeSiteAdmin(db, siteId, accountId);
}
