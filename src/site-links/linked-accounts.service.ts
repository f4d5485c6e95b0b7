/** The accounts linked to a site, each with its link, as the site's admins manage them. */
import type { Kysely } from 'kysely';
import type { Account } from '../accounts/accounts.model.ts';
import { findAccounts } from '../accounts/accounts.service.ts';
import type { Clock } from '../clock/clock.ts';
import type { Database } from '../db/schema.ts';
import { addGroupMember } from '../site-groups/group-members.service.ts';
import type { SiteLink } from '../sites/site-links.model.ts';
import { getLink, listLinks } from '../sites/site-links.service.ts';
import { getSite } from '../sites/sites.service.ts';
import { changeSiteLink, type LinkChange, type SiteAccessChanger } from './site-membership.service.ts';

/** A link with the account it ties to the site. */
export interface LinkedAccount {
  readonly link: SiteLink;
  readonly account: Account;
}

/** The links with their accounts (a link whose account is gone is left out). */
async function withAccounts(db: Kysely<Database>, links: readonly SiteLink[]): Promise<LinkedAccount[]> {
  const found = await findAccounts(
    db,
    links.map((l) => l.accountId),
  );
  const accounts = new Map(found.map((a) => [a.accountId, a]));
  return links.flatMap((link) => {
    const account = accounts.get(link.accountId);
    return account ? [{ link, account }] : [];
  });
}

/** Every account linked to the site named (`site.not_found` if there is none). */
export async function listLinkedAccounts(db: Kysely<Database>, siteId: string): Promise<LinkedAccount[]> {
  await getSite(db, siteId);
  return withAccounts(db, await listLinks(db, siteId));
}

/** Links the account or changes its link, as a site admin asks (`changeSiteLink`); returns it linked. */
export async function changeLinkedAccount(
  db: Kysely<Database>,
  clock: Clock,
  target: { readonly siteId: string; readonly accountId: string },
  change: LinkChange,
  by: SiteAccessChanger,
): Promise<LinkedAccount[]> {
  return withAccounts(db, [await changeSiteLink(db, clock, target, change, by)]);
}

/** Adds a linked account to a group of the site; returns it with its link as it now is. */
export async function addLinkedAccountToGroup(
  db: Kysely<Database>,
  target: { readonly siteId: string; readonly groupId: string; readonly accountId: string },
): Promise<LinkedAccount[]> {
  const { siteId, groupId, accountId } = target;
  await addGroupMember(db, siteId, groupId, accountId);
  return withAccounts(db, [await getLink(db, siteId, accountId)]);
}
