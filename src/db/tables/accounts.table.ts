import type { Generated } from 'kysely';

/** One row per account of any type; personal data lives here and nowhere else. */
export interface AccountsTable {
  account_id: string;
  account_type: 'atlassian' | 'app' | 'customer';
  /** An `AccountStatus` (src/visibility/visibility.ts; accounts.model.ts checks that they agree). */
  status: 'active' | 'deactivated' | 'deletion-requested' | 'deleted';
  /** Due for erasure: shown as a former user everywhere while its data waits for every node to know. */
  erasing: Generated<boolean>;
  app_key: string | null;
  customer_site_id: string | null;
  email: string | null;
  email_normalized: string | null;
  email_domain: string | null;
  full_name: string;
  public_name: string;
  avatar_key: string;
  job_title: string | null;
  department: string | null;
  organization_name: string | null;
  location: string | null;
  time_zone: string | null;
  locale: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface PlatformAdminsTable {
  account_id: string;
}

export interface AccountTables {
  accounts: AccountsTable;
  platform_admins: PlatformAdminsTable;
  scenario_loads: { scenario_hash: string; loaded_at: Date };
}
