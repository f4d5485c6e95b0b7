import { type Account, accountToProfileSubject } from '../accounts/accounts.model.ts';
import type { Group } from '../site-groups/site-groups.model.ts';
import { type AccountStatus, statusOnSite } from '../visibility/visibility.ts';
import type { Product } from './sites.model.ts';

/** An account's link to a site: its product access and the site's groups it belongs to. */
export interface SiteLink {
  readonly accountId: string;
  readonly products: Product[];
  readonly groups: Group[];
  readonly linkedAt: Date;
  /** The legacy username on this site (site-local; the same person may have another elsewhere). */
  readonly username: string | null;
  /** The legacy userKey on this site. */
  readonly userKey: string | null;
  /** When a site admin deactivated the person on this site only; null while they have access. */
  readonly deactivatedAt: Date | null;
}

/** The account's status on a site it is linked to, as the one decision has it (`statusOnSite`). */
export function statusOnLink(
  account: Account,
  siteId: string,
  link: Pick<SiteLink, 'deactivatedAt'>,
): AccountStatus {
  const deactivatedSiteIds = link.deactivatedAt === null ? [] : [siteId];
  return statusOnSite({ ...accountToProfileSubject(account), deactivatedSiteIds }, siteId);
}
