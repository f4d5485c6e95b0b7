/** Accounts' links to sites: linking, unlinking and reading them, with product access and groups. */
import type { Kysely } from 'kysely';
import { getAccount } from '../accounts/accounts.service.ts';
import type { Clock } from '../clock/clock.ts';
import type { Database } from '../db/schema.ts';
import { VeilError } from '../errors/veil-error.ts';
import { leaveSiteGroups, replaceGroupMemberships } from '../site-groups/group-members.service.ts';
import { findMembershipRows } from '../site-groups/site-groups.repository.ts';
import type { SiteLink } from './site-links.model.ts';
import {
  deleteLinkRow,
  findLinkProductRows,
  findLinkRows,
  insertLinkRow,
  lockLinkRow,
  replaceLinkProductRows,
} from './site-links.repository.ts';
import { type LegacyIdentityChanges, setLinkLegacyIdentity } from './site-migration.service.ts';
import { type Product, refuseCustomerOfAnotherSite } from './sites.model.ts';
import { deleteSiteAdminRow } from './sites.repository.ts';
import { getSite } from './sites.service.ts';

/** The access a link gives: products and group names replace the old lists; legacy identifiers are set. */
export type LinkAccess = {
  products?: readonly Product[];
  groups?: readonly string[];
} & LegacyIdentityChanges;

/**
 * Links an account to a site with the given product access, or updates the link. Group names given
 * replace the account's groups on the site. A customer stays on its own site.
 */
export async function linkAccount(
  db: Kysely<Database>,
  clock: Clock,
  siteId: string,
  accountId: string,
  access: LinkAccess,
): Promise<SiteLink> {
  await getSite(db, siteId);
  refuseCustomerOfAnotherSite(await getAccount(db, accountId), siteId);
  await insertLinkRow(db, siteId, accountId, clock.now());
  // The link's products and groups are replaced below: changes to one link wait for each other.
  await lockLinkRow(db, siteId, accountId);
  if (access.products !== undefined)
    await replaceLinkProductRows(db, siteId, accountId, [...new Set(access.products)]);
  if (access.groups !== undefined) await replaceGroupMemberships(db, siteId, accountId, access.groups);
  if (access.username !== undefined || access.userKey !== undefined) {
    await setLinkLegacyIdentity(db, siteId, accountId, {
      ...(access.username !== undefined ? { username: access.username } : {}),
      ...(access.userKey !== undefined ? { userKey: access.userKey } : {}),
    });
  }
  return getLink(db, siteId, accountId);
}

/** Unlinks an account from a site: its groups and admin role there go too; the account itself is kept. */
export async function unlinkAccount(db: Kysely<Database>, siteId: string, accountId: string) {
  await getLink(db, siteId, accountId);
  await leaveSiteGroups(db, siteId, accountId);
  await deleteSiteAdminRow(db, siteId, accountId);
  await deleteLinkRow(db, siteId, accountId);
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
