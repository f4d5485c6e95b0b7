import { type Account, accountToProfileSubject } from '../accounts/accounts.model.ts';
import { type AccountStatus, statusOnSite } from '../visibility/visibility.ts';
import type { SiteMigration } from './migration-stage.ts';

export const products = ['jira', 'confluence', 'servicedesk'] as const;
export type Product = (typeof products)[number];

export interface Group {
  readonly groupId: string;
  readonly name: string;
}

export interface Project {
  readonly key: string;
  readonly name: string;
  readonly lead: string | null;
}

/** A site with everything that hangs off it except its people (see `SiteLink`). */
export interface Site {
  readonly id: string;
  readonly baseUrl: string;
  readonly hosts: string[];
  readonly isDefault: boolean;
  readonly products: Product[];
  readonly anonymousAccess: boolean;
  readonly admins: string[];
  readonly groups: Group[];
  readonly projects: Project[];
  /** The migration period: legacy (usernames and keys still work) or enforced, and when legacy ends. */
  readonly migration: SiteMigration;
  /** The site's user-type custom fields, which the JQL converter treats like `assignee`. */
  readonly userFields: UserField[];
}

/** A user-type custom field of the site: `cf[10010]`, also known by its name in JQL. */
export interface UserField {
  readonly id: number;
  readonly name: string;
}

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
