/** The accounts linked to a site, each with its link, as the site's admins manage them. */
import type { Kysely } from 'kysely';
import type { Account } from '../accounts/accounts.model.ts';
import { findAccounts } from '../accounts/accounts.service.ts';
import {
  change as auditChange,
  userAccessChanged,
  userAddedToSite,
  userRemovedFromSite,
} from '../audit/audit.entries.ts';
import type { AuditChange } from '../audit/audit.model.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Clock } from '../clock/clock.ts';
import type { Database } from '../db/schema.ts';
import { addGroupMemberAudited, removeGroupMemberAudited } from '../site-groups/group-admin.service.ts';
import type { SiteLink } from '../sites/site-links.model.ts';
import { getLink, listLinks } from '../sites/site-links.service.ts';
import { getSite } from '../sites/sites.service.ts';
import {
  changeSiteLink,
  type LinkChange,
  leaveSite,
  type SiteAccessChanger,
} from './site-membership.service.ts';

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

/** Links the account or changes its link, as a site admin asks (`changeSiteLink`), audited; returns it linked. */
export async function changeLinkedAccount(
  db: Kysely<Database>,
  clock: Clock,
  target: { readonly siteId: string; readonly accountId: string },
  change: LinkChange,
  by: SiteAccessChanger,
): Promise<LinkedAccount[]> {
  const { siteId, accountId } = target;
  return db.transaction().execute(async (trx) => {
    const [before] = await listLinks(trx, siteId, [accountId]);
    const link = await changeSiteLink(trx, clock, target, change, by);
    const actor = { authorAccountId: by.accountId, eventSource: 'Veil admin' } as const;
    const entry = before
      ? userAccessChanged(actor, accountId, linkChanges(before, link))
      : userAddedToSite(actor, accountId, false, link.products);
    await recordAudit(trx, clock, siteId, entry);
    return withAccounts(trx, [link]);
  });
}

/** What a link's audit values read: products, group names and `active`, never anything personal. */
const linkFacts: readonly (readonly [string, (link: SiteLink) => string])[] = [
  ['products', (link) => [...link.products].sort().join(', ')],
  [
    'groups',
    (link) =>
      link.groups
        .map((group) => group.name)
        .sort()
        .join(', '),
  ],
  ['active', (link) => String(link.deactivatedAt === null)],
];

function linkChanges(before: SiteLink, after: SiteLink): AuditChange[] {
  return linkFacts
    .filter(([, read]) => read(before) !== read(after))
    .map(([name, read]) => auditChange(name, read(before), read(after)));
}

/** Unlinks the account from the site (the account is kept), as a site admin asks, audited. */
export async function unlinkAccount(
  db: Kysely<Database>,
  clock: Clock,
  siteId: string,
  accountId: string,
  by: string,
) {
  await db.transaction().execute(async (trx) => {
    await leaveSite(trx, clock, siteId, accountId, by);
    const actor = { authorAccountId: by, eventSource: 'Veil admin' } as const;
    await recordAudit(trx, clock, siteId, userRemovedFromSite(actor, accountId));
  });
}

/** Adds a linked account to a group of the site, audited; returns it with its link as it now is. */
export async function addLinkedAccountToGroup(
  db: Kysely<Database>,
  clock: Clock,
  target: { readonly siteId: string; readonly groupId: string; readonly accountId: string },
  by: string,
): Promise<LinkedAccount[]> {
  const { siteId, groupId, accountId } = target;
  const actor = { authorAccountId: by, eventSource: 'Veil admin' } as const;
  await addGroupMemberAudited({ db, clock, siteId, actor }, { groupId }, () => accountId);
  return withAccounts(db, [await getLink(db, siteId, accountId)]);
}

/** Takes an account out of a group of the site, audited. */
export async function removeAccountFromGroup(
  db: Kysely<Database>,
  clock: Clock,
  target: { readonly siteId: string; readonly groupId: string; readonly accountId: string },
  by: string,
): Promise<void> {
  const { siteId, groupId, accountId } = target;
  const actor = { authorAccountId: by, eventSource: 'Veil admin' } as const;
  await removeGroupMemberAudited({ db, clock, siteId, actor }, { groupId }, () => accountId);
}
