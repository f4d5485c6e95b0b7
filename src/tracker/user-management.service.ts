/**
 * The tracker's user management as the account model demands: creating a user links the global account
 * with that email to the site (or creates it first), removing one unlinks it. Each use case opens its own
 * transaction; the site's apps hear `user_created` or `user_deleted` from `joinSite` and `leaveSite` in it.
 */

import type { Kysely } from 'kysely';
import type { Account } from '../accounts/accounts.model.ts';
import { findGlobalAccountRowByEmail } from '../accounts/accounts.repository.ts';
import { createAccount } from '../accounts/accounts.service.ts';
import { isPlausibleEmail, normalizeEmail } from '../accounts/profile.rules.ts';
import { userAddedToSite, userRemovedFromSite } from '../audit/audit.entries.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Clock } from '../clock/clock.ts';
import { lockUntilCommit } from '../db/locks.ts';
import type { Database } from '../db/schema.ts';
import { VeilError } from '../errors/veil-error.ts';
import { joinSite, leaveSite } from '../site-links/site-membership.service.ts';
import { listLinks } from '../sites/site-links.service.ts';
import type { LegacyIdentityChanges } from '../sites/site-migration.service.ts';
import type { Product, Site } from '../sites/sites.model.ts';
import { type ApplicationKey, productOfApplication } from './user-management.schemas.ts';

/** What a site admin's create asks for. */
export interface NewSiteUser {
  readonly emailAddress: string;
  readonly products: readonly ApplicationKey[];
  readonly displayName: string | undefined;
  readonly legacy: LegacyIdentityChanges;
}

/**
 * Links the global account that has the email to the site, adding the products (those the site has) to
 * those it has there, or creates the account (named from `displayName` or the email) and links it, in
 * one transaction. Returns its accountId.
 */
export async function linkOrCreateSiteUser(
  db: Kysely<Database>,
  clock: Clock,
  site: Site,
  user: NewSiteUser,
  actingAccountId: string,
): Promise<string> {
  const email = user.emailAddress.trim();
  if (!isPlausibleEmail(email)) {
    throw new VeilError('request.invalid', 'emailAddress is not an email address', [
      { path: 'emailAddress', message: 'is not an email address' },
    ]);
  }
  const input = { ...user, email, products: productsFor(user.products, site), actingAccountId };
  return db.transaction().execute((trx) => linkOrCreateAccount(trx, clock, site, input));
}

/** The site products that the tracker's product keys give, among those the site has. */
function productsFor(keys: readonly ApplicationKey[], site: Site): Product[] {
  const wanted = new Set<Product>(keys.map((key) => productOfApplication[key]));
  return site.products.filter((product) => wanted.has(product));
}

async function linkOrCreateAccount(
  db: Kysely<Database>,
  clock: Clock,
  site: Site,
  input: {
    email: string;
    products: Product[];
    displayName: string | undefined;
    actingAccountId: string;
    legacy: LegacyIdentityChanges;
  },
): Promise<string> {
  // Creates with one email at the same instant are taken one after the other: the first makes the
  // account, the others find it and link it.
  await lockUntilCommit(db, 'account-email', normalizeEmail(input.email));
  const existing = await findGlobalAccountRowByEmail(db, normalizeEmail(input.email));
  if (existing) {
    const [link] = await listLinks(db, site.id, [existing.account_id]);
    const products = [...new Set([...(link?.products ?? []), ...input.products])];
    // An identity the link already has is kept: the name sent is ignored, as for the display name.
    const legacy = {
      ...(link?.username ? {} : pick(input.legacy, 'username')),
      ...(link?.userKey ? {} : pick(input.legacy, 'userKey')),
    };
    await joinSite(db, clock, site.id, existing.account_id, { products, ...legacy }, input.actingAccountId);
    await auditUserAdded(db, clock, site.id, input, existing.account_id, false);
    return existing.account_id;
  }
  const fullName = input.displayName?.trim() || input.email.trim().split('@')[0] || input.email.trim();
  const account = await createAccount(db, clock, { type: 'atlassian', email: input.email, fullName });
  const access = { products: input.products, ...input.legacy };
  await joinSite(db, clock, site.id, account.accountId, access, input.actingAccountId);
  await auditUserAdded(db, clock, site.id, input, account.accountId, true);
  return account.accountId;
}

function auditUserAdded(
  trx: Kysely<Database>,
  clock: Clock,
  siteId: string,
  input: { products: Product[]; actingAccountId: string },
  accountId: string,
  created: boolean,
) {
  const actor = { authorAccountId: input.actingAccountId, eventSource: 'tracker' } as const;
  return recordAudit(trx, clock, siteId, userAddedToSite(actor, accountId, created, input.products));
}

function pick(changes: LegacyIdentityChanges, name: keyof LegacyIdentityChanges): LegacyIdentityChanges {
  return changes[name] === undefined ? {} : { [name]: changes[name] };
}

/**
 * Unlinks the person from the site (the account is kept), for a site admin (`actingAccountId`), in one
 * transaction: nobody removes themself, and an app user leaves only when its app is uninstalled.
 */
export async function removeSiteUser(
  db: Kysely<Database>,
  clock: Clock,
  siteId: string,
  account: Account,
  actingAccountId: string,
): Promise<void> {
  const { accountId } = account;
  if (accountId === actingAccountId) {
    throw new VeilError('request.invalid', 'You cannot remove yourself from the site', [
      { path: 'accountId', message: 'is you' },
    ]);
  }
  if (account.accountType === 'app') {
    throw new VeilError('request.invalid', 'An app user leaves the site when its app is uninstalled', [
      { path: 'accountId', message: 'is an app user' },
    ]);
  }
  await db.transaction().execute(async (trx) => {
    await leaveSite(trx, clock, siteId, accountId, actingAccountId);
    const actor = { authorAccountId: actingAccountId, eventSource: 'tracker' } as const;
    await recordAudit(trx, clock, siteId, userRemovedFromSite(actor, accountId));
  });
}
