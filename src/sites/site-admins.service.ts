/** A site's admins: the accounts that manage the site, its groups and the accounts linked to it. */
import type { Kysely } from 'kysely';
import { getAccount } from '../accounts/accounts.service.ts';
import { siteAdminChanged } from '../audit/audit.entries.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Clock } from '../clock/clock.ts';
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

/** Makes the account an admin of the site named (`site.not_found` if there is none), audited; returns the site. */
export async function grantSiteAdmin(
  db: Kysely<Database>,
  clock: Clock,
  target: { readonly siteId: string; readonly accountId: string },
  authorAccountId: string | null,
): Promise<Site> {
  const { siteId, accountId } = target;
  await db.transaction().execute(async (trx) => {
    await getSite(trx, siteId);
    await addSiteAdmin(trx, siteId, accountId);
    const actor = { authorAccountId, eventSource: 'Veil admin' } as const;
    await recordAudit(trx, clock, siteId, siteAdminChanged(actor, siteId, accountId, true));
  });
  return getSite(db, siteId);
}

/** Takes the account's admin role on the site named away (`site.not_found` if there is none), audited. */
export async function revokeSiteAdmin(
  db: Kysely<Database>,
  clock: Clock,
  target: { readonly siteId: string; readonly accountId: string },
  authorAccountId: string | null,
) {
  const { siteId, accountId } = target;
  await db.transaction().execute(async (trx) => {
    await getSite(trx, siteId);
    await removeSiteAdmin(trx, siteId, accountId);
    const actor = { authorAccountId, eventSource: 'Veil admin' } as const;
    await recordAudit(trx, clock, siteId, siteAdminChanged(actor, siteId, accountId, false));
  });
}
