import { createHash } from 'node:crypto';
import type { Account } from '../accounts/accounts.model.ts';
import { VeilError } from '../errors/veil-error.ts';
import type { Group } from '../site-groups/site-groups.model.ts';
import type { SiteMigration } from './migration-stage.ts';

export const products = ['jira', 'confluence', 'servicedesk'] as const;
export type Product = (typeof products)[number];

export interface Project {
  readonly key: string;
  readonly name: string;
  readonly lead: string | null;
}

/**
 * A stable cloud id per site (a UUID derived from the site id): Veil sites have no other. Apps meet it in
 * lifecycle callbacks, `accessible-resources` and the API gateway's paths (`/ex/jira/{cloudId}/…`).
 */
export function cloudIdOf(siteId: string): string {
  const hex = createHash('sha256').update(`veil-cloud:${siteId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A site with everything that hangs off it except its people (see `SiteLink` in site-links/). */
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

/** Refuses to tie a customer account to a site other than its own (`site.customer_elsewhere`): it belongs there. */
export function refuseCustomerOfAnotherSite(account: Account, siteId: string): void {
  if (account.accountType === 'customer' && account.customerSiteId !== siteId) {
    throw new VeilError(
      'site.customer_elsewhere',
      `The customer account belongs to the site ${account.customerSiteId}`,
    );
  }
}
