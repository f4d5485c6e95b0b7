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
}

/** An account's link to a site: its product access and the site's groups it belongs to. */
export interface SiteLink {
  readonly accountId: string;
  readonly products: Product[];
  readonly groups: Group[];
  readonly linkedAt: Date;
}
