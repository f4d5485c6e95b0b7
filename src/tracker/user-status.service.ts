/**
 * The tracker's `PUT /rest/api/2/user` with `active`: who may change it, and how far the change
 * reaches. The account's own admins (a platform admin, an admin of the organization that manages it)
 * change the account everywhere; a site admin changes the person's access to that site alone (on the
 * site link), and cannot touch a platform admin, who administers every site.
 */
import type { Kysely } from 'kysely';
import type { Account } from '../accounts/accounts.model.ts';
import { setAccountStatus } from '../accounts/accounts.service.ts';
import { userActiveChanged } from '../audit/audit.entries.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Clock } from '../clock/clock.ts';
import type { Database } from '../db/schema.ts';
import type { DirectoryEntry } from '../directory/directory.ts';
import { VeilError } from '../errors/veil-error.ts';
import { assertNotPlatformAdmin, setSiteAccess } from '../site-links/site-membership.service.ts';
import { updateLinkDeactivation } from '../sites/site-links.repository.ts';
import { queueUserEvent } from '../webhooks/webhooks.service.ts';

/** How far a change of `active` reaches: the whole account, or the person's access to one site. */
export type ActiveScope = 'account' | 'site';

/** Who changes `active`: whether they administer the account, and the sites they administer. */
export interface ActiveChanger {
  readonly administersAccount: boolean;
  readonly administeredSiteIds: readonly string[];
}

/** The scope in which `changer` may change the person's `active` on the site, or `auth.forbidden`. */
export function activeScopeOf(changer: ActiveChanger, target: DirectoryEntry, siteId: string): ActiveScope {
  if (changer.administersAccount) return 'account';
  if (!changer.administeredSiteIds.includes(siteId)) {
    throw new VeilError(
      'auth.forbidden',
      `Only an admin of the site ${siteId}, of the organization that manages the account, or a platform admin may do this`,
    );
  }
  assertNotPlatformAdmin(target.platformAdmin);
  return 'site';
}

export interface ActiveChange {
  readonly scope: ActiveScope;
  readonly siteId: string;
  readonly account: Account;
  readonly active: boolean;
  readonly actingAccountId: string;
}

/**
 * Applies the change in one transaction, telling the apps (`user_updated`): in the account scope the
 * status of the account (reactivating also gives back this site, if its admin had taken it); in the site
 * scope the link alone; a change is an audit record on the site. Returns whether anything changed.
 */
export async function changeActive(
  db: Kysely<Database>,
  clock: Clock,
  change: ActiveChange,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const changed = await applyActiveChange(trx, clock, change);
    if (changed) {
      const actor = { authorAccountId: change.actingAccountId, eventSource: 'tracker' } as const;
      const entry = userActiveChanged(actor, change.account.accountId, change.active);
      await recordAudit(trx, clock, change.siteId, entry);
    }
    return changed;
  });
}

async function applyActiveChange(db: Kysely<Database>, clock: Clock, change: ActiveChange): Promise<boolean> {
  const { account, siteId, active, actingAccountId } = change;
  if (change.scope === 'site') {
    if (active && account.status !== 'active') {
      throw new VeilError(
        'auth.forbidden',
        'The account is deactivated everywhere by its organization or a platform admin; only they can reactivate it',
      );
    }
    return setSiteAccess(db, clock, siteId, account.accountId, active, actingAccountId);
  }
  const siteGivenBack = active && (await updateLinkDeactivation(db, siteId, account.accountId, null, true));
  const status = active ? 'active' : 'deactivated';
  const statusChanged = account.status !== status;
  if (statusChanged) await setAccountStatus(db, clock, account.accountId, status);
  if (!statusChanged && !siteGivenBack) return false;
  await queueUserEvent(db, clock, 'user_updated', account.accountId, { actingAccountId });
  return true;
}
