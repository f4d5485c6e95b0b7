import type { Kysely } from 'kysely';
import type { Account } from '../../src/accounts/accounts.model.ts';
import { isPlatformAdmin } from '../../src/accounts/accounts.repository.ts';
import { type PersonCaller, personCaller } from '../../src/auth/caller.ts';
import type { Database } from '../../src/db/schema.ts';
import { findAdministeredOrganizationIds } from '../../src/organizations/organizations.repository.ts';
import { findAdministeredSiteIds } from '../../src/sites/sites.repository.ts';

/** The caller for a signed-in account, with its roles loaded. */
export async function callerForAccount(db: Kysely<Database>, account: Account): Promise<PersonCaller> {
  const [platformAdmin, organizationIds, siteIds] = await Promise.all([
    isPlatformAdmin(db, account.accountId),
    findAdministeredOrganizationIds(db, account.accountId),
    findAdministeredSiteIds(db, account.accountId),
  ]);
  return personCaller(account, {
    isPlatformAdmin: platformAdmin,
    administeredOrganizationIds: organizationIds,
    administeredSiteIds: siteIds,
  });
}
