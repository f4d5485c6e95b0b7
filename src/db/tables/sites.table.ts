import type { Generated } from 'kysely';

export interface SitesTable {
  site_id: string;
  base_url: string;
  is_default: Generated<boolean>;
  anonymous_access: Generated<boolean>;
  created_at: Date;
  migration_stage: Generated<'legacy' | 'enforced'>;
  deprecation_ends: Generated<Date | null>;
}

export interface SiteTables {
  sites: SitesTable;
  site_hosts: { host: string; site_id: string };
  site_products: { site_id: string; product: string };
  site_admins: { site_id: string; account_id: string };
  site_accounts: {
    site_id: string;
    account_id: string;
    linked_at: Date;
    /** The legacy identity on this site (see src/migration); null when the account has none here. */
    username: Generated<string | null>;
    username_normalized: Generated<string | null>;
    user_key: Generated<string | null>;
    /** Set while a site admin has deactivated the person on this site only (the account stays as it is). */
    deactivated_at: Generated<Date | null>;
  };
  site_account_products: { site_id: string; account_id: string; product: string };
  groups: { group_id: string; site_id: string; name: string; name_normalized: string; created_at: Date };
  group_members: { group_id: string; account_id: string };
  projects: {
    site_id: string;
    project_key: string;
    name: string;
    lead_account_id: string | null;
    description: Generated<string>;
    assignee_type: Generated<'PROJECT_LEAD' | 'UNASSIGNED'>;
    project_type_key: Generated<'software' | 'service_desk' | 'business'>;
  };
}
