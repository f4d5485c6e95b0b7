/**
 * A platform admin verifying or removing an organization's domain, as the apps hear of it: the domain
 * makes its accounts managed or unmanaged, which changes their default visibility, so each of them is
 * `user_updated` for the apps of the sites it is on, in the same transaction as the change. A scenario
 * load verifies domains with `verifyDomain` itself: nothing is installed yet to hear of it.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../clock/clock.ts';
import type { Database } from '../db/schema.ts';
import { queueUserEvent } from '../webhooks/webhooks.service.ts';
import {
  findAccountsInDomain,
  getOrganization,
  type Organization,
  removeDomain,
  verifyDomain,
} from './organizations.service.ts';

/**
 * Verifies the domain for the organization; its accounts' apps hear of it unless it was verified already.
 * The organization as it now is.
 */
export async function verifyDomainAnnounced(
  db: Kysely<Database>,
  clock: Clock,
  change: { readonly organizationId: string; readonly domain: string },
  actingAccountId: string,
): Promise<Organization> {
  await db.transaction().execute(async (trx) => {
    if (await verifyDomain(trx, clock, change.organizationId, change.domain)) {
      await announceDomainChange(trx, clock, change.domain, actingAccountId);
    }
  });
  return getOrganization(db, change.organizationId);
}

/** Removes the organization's verified domain, and its accounts' apps hear of it; the organization after. */
export async function removeDomainAnnounced(
  db: Kysely<Database>,
  clock: Clock,
  change: { readonly organizationId: string; readonly domain: string },
  actingAccountId: string,
): Promise<Organization> {
  await db.transaction().execute(async (trx) => {
    await removeDomain(trx, change.organizationId, change.domain);
    await announceDomainChange(trx, clock, change.domain, actingAccountId);
  });
  return getOrganization(db, change.organizationId);
}

async function announceDomainChange(
  db: Kysely<Database>,
  clock: Clock,
  domain: string,
  actingAccountId: string,
) {
  for (const account of await findAccountsInDomain(db, domain)) {
    await queueUserEvent(db, clock, 'user_updated', account.accountId, { actingAccountId });
  }
}
