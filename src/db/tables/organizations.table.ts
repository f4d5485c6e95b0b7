export interface OrganizationsTable {
  organization_id: string;
  name: string;
  created_at: Date;
}

export interface OrganizationDomainsTable {
  domain: string;
  organization_id: string;
  verified_at: Date;
}

export interface OrganizationAdminsTable {
  organization_id: string;
  account_id: string;
}

export interface OrganizationTables {
  organizations: OrganizationsTable;
  organization_domains: OrganizationDomainsTable;
  organization_admins: OrganizationAdminsTable;
}
