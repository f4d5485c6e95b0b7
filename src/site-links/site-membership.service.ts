/**
 * Joining and leaving a site, as the site's apps hear of it: a user who is new to the site is
 * `user_created` for them, one who leaves is `user_deleted`. Every way in or out (the management API,
 * the tracker's user management, app installs) goes through these, in the caller's transaction, so no
 * path can forget to tell the apps. A scenario load links accounts with `linkAccount` itself: nothing is
 * installed yet to hear of it.
 */
import type { Kysely } from 'kysely';
import { isPlatformAdmin } from '../accounts/accounts.repository.ts';
import type { Clock } from '../clock/clock.ts';
import type { Database } from '../db/schema.ts';
import { VeilError } from '../errors/veil-error.ts';
import type { SiteLink } from '../sites/site-links.model.ts';
import { updateLinkDeactivation } from '../sites/site-links.repository.ts';
import {
  getLink,
  type LinkAccess,
  linkAccount,
  listLinks,
  unlinkAccount,
} from '../sites/site-links.service.ts';
import { queueUserEvent } from '../webhooks/webhooks.service.ts';

/** Links the account to the site (or changes its access there), telling the apps when it is new there. */
export async function joinSite(
  db: Kysely<Database>,
  clock: Clock,
  siteId: string,
  accountId: string,
  access: LinkAccess,
  actingAccountId?: string,
): Promise<SiteLink> {
  const [before] = await listLinks(db, siteId, [accountId]);
  const link = await linkAccount(db, clock, siteId, accountId, access);
  if (!before)
    await queueUserEvent(db, clock, 'user_created', accountId, announcement(siteId, actingAccountId));
  return link;
}

/** Unlinks the account from the site (the account is kept), telling the site's apps, in one transaction. */
export async function leaveSite(
  db: Kysely<Database>,
  clock: Clock,
  siteId: string,
  accountId: string,
  actingAccountId?: string,
): Promise<void> {
  const leave = async (trx: Kysely<Database>) => {
    await unlinkAccount(trx, siteId, accountId);
    await queueUserEvent(trx, clock, 'user_deleted', accountId, announcement(siteId, actingAccountId));
  };
  await (db.isTransaction ? leave(db) : db.transaction().execute(leave));
}

/** Who changes a site access: a site admin may not lock out a platform admin, and nobody locks out themself. */
export interface SiteAccessChanger {
  readonly accountId: string;
  readonly isPlatformAdmin: boolean;
}

/**
 * Refuses a site-only deactivation of the caller themself (`request.invalid`), or of a platform admin by
 * anyone but a platform admin (`auth.forbidden`: platform admins administer every site).
 */
async function assertMayDeactivateOnSite(
  db: Kysely<Database>,
  accountId: string,
  by: SiteAccessChanger,
): Promise<void> {
  if (accountId === by.accountId) {
    throw new VeilError('request.invalid', 'You cannot deactivate yourself', [
      { path: 'active', message: 'cannot be false for yourself' },
    ]);
  }
  if (!by.isPlatformAdmin) assertNotPlatformAdmin(await isPlatformAdmin(db, accountId));
}

/** Refuses a site admin's site-only deactivation of a platform admin (`auth.forbidden`), on any path. */
export function assertNotPlatformAdmin(targetIsPlatformAdmin: boolean): void {
  if (!targetIsPlatformAdmin) return;
  throw new VeilError(
    'auth.forbidden',
    'A site admin cannot deactivate a platform admin: platform admins administer every site',
  );
}

/**
 * Takes the person's access to this site away (`active: false`) or gives it back, keeping the link, its
 * products and groups; the account and every other site are untouched. The site's apps hear of it as
 * `user_updated`. Returns whether anything changed.
 */
export async function setSiteAccess(
  db: Kysely<Database>,
  clock: Clock,
  siteId: string,
  accountId: string,
  active: boolean,
  actingAccountId?: string,
): Promise<boolean> {
  const link = await getLink(db, siteId, accountId);
  if ((link.deactivatedAt === null) === active) return false;
  await updateLinkDeactivation(db, siteId, accountId, active ? null : clock.now());
  await queueUserEvent(db, clock, 'user_updated', accountId, announcement(siteId, actingAccountId));
  return true;
}

/** What a site admin asks of a person's link: product access, groups, legacy identifiers, and `active`. */
export type LinkChange = LinkAccess & { readonly active?: boolean };

/**
 * Links the person to the site or changes their link, as one of the site's admins asks (`by`), in one
 * transaction: `active` takes or gives back their access to this site only (`setSiteAccess`), after
 * `assertMayDeactivateOnSite`. Returns the link as it now is.
 */
export async function changeSiteLink(
  db: Kysely<Database>,
  clock: Clock,
  target: { readonly siteId: string; readonly accountId: string },
  change: LinkChange,
  by: SiteAccessChanger,
): Promise<SiteLink> {
  const { siteId, accountId } = target;
  const { active, ...access } = change;
  const apply = async (trx: Kysely<Database>) => {
    if (active === false) await assertMayDeactivateOnSite(trx, accountId, by);
    const joined = await joinSite(trx, clock, siteId, accountId, access, by.accountId);
    if (active === undefined) return joined;
    await setSiteAccess(trx, clock, siteId, accountId, active, by.accountId);
    return getLink(trx, siteId, accountId);
  };
  return db.isTransaction ? apply(db) : db.transaction().execute(apply);
}

// The link is what changes, so the site is named: once unlinked, the account is no longer found there.
function announcement(siteId: string, actingAccountId: string | undefined) {
  return { siteIds: [siteId], ...(actingAccountId ? { actingAccountId } : {}) };
}
