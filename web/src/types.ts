/** The management API's shapes that the pages read (as `/docs` describes them). */

// The fields and visibilities are the server's own lists, so a page can never offer a field Veil lacks.
export {
  type ProfileField,
  profileFields,
  type Visibility,
  visibilities,
} from '../../src/visibility/visibility.ts';

import type { ProfileField, Visibility } from '../../src/visibility/visibility.ts';

export const fieldLabels: Readonly<Record<ProfileField, string>> = {
  avatar: 'Avatar',
  fullName: 'Full name',
  jobTitle: 'Job title',
  department: 'Department',
  organization: 'Organization',
  location: 'Location',
  timeZone: 'Time zone',
  email: 'Email address',
};

export const visibilityLabels: Readonly<Record<Visibility, string>> = {
  anyone: 'Anyone',
  organization: 'Organization',
  'only-you': 'Only you',
};

export interface FieldSetting {
  visibility: Visibility;
  isDefault: boolean;
  locked: boolean;
  lockedBy: string | null;
}

export type VisibilityMap = Record<ProfileField, FieldSetting>;

export interface Session {
  accountId: string;
  expiresAt: string;
  csrfToken: string;
}

export interface Me {
  accountId: string;
  accountType: string;
  status: string;
  managedBy: { organizationId: string; name: string } | null;
  profile: {
    fullName: string;
    publicName: string;
    displayName: string;
    email: string | null;
    avatarUrl: string;
    jobTitle: string | null;
    department: string | null;
    organization: string | null;
    location: string | null;
    timeZone: string | null;
    locale: string | null;
  };
  visibility: VisibilityMap;
  sites: { siteId: string; products: string[]; groups: string[] }[];
  roles: { platformAdmin: boolean; organizationAdmin: string[]; siteAdmin: string[] };
  /** A new address waiting for its link to be followed; the email is unchanged until then. */
  pendingEmailChange: { email: string; expiresAt: string } | null;
}

export interface AccountView {
  accountId: string;
  accountType: string;
  status: string;
  active: boolean;
  displayName: string;
  publicName: string;
  avatarUrl: string;
  fullName?: string;
  email?: string;
  jobTitle?: string;
  department?: string;
  organization?: string;
  location?: string;
  timeZone?: string;
  locale?: string;
  appKey?: string;
  site?: string;
}

export interface PreviewViewer {
  kind: string;
  label: string;
  about: string;
}

export interface Preview {
  viewer: PreviewViewer;
  viewers: PreviewViewer[];
  account: AccountView;
  visibleFields: ProfileField[];
  site: { id: string; baseUrl: string } | null;
  tracker: { request: string; user: Record<string, unknown> } | null;
  emailApi: { request: string; status: number; body: { accountId: string; email: string } | null } | null;
}

export interface Organization {
  id: string;
  name: string;
  verifiedDomains: string[];
  admins: string[];
}

export interface ManagedAccount {
  account: AccountView;
  visibility: VisibilityMap;
}

export interface Group {
  groupId: string;
  name: string;
}

export interface Site {
  id: string;
  baseUrl: string;
  hosts: string[];
  default: boolean;
  products: string[];
  anonymousAccess: boolean;
  admins: string[];
  groups: Group[];
  projects: { key: string; name: string; lead: string | null }[];
  migration?: SiteMigration;
  stageNow?: 'legacy' | 'enforced';
}

export interface SiteLink {
  account: AccountView;
  products: string[];
  groups: Group[];
  linkedAt: string;
}

export const productLabels: Readonly<Record<string, string>> = {
  jira: 'Tracker (Jira)',
  confluence: 'Wiki (Confluence)',
  servicedesk: 'Service desk',
};

/** The path part of an avatar URL: the pages load images from Veil itself, whatever a site's base URL. */
export function localAvatar(url: string): string {
  try {
    const parsed = new URL(url, window.location.origin);
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return '/veil/v1/avatars/masked';
  }
}

export interface InstalledApp {
  appKey: string;
  name: string;
  baseUrl: string;
  siteId: string;
  productType: string;
  clientKey: string;
  accountId: string;
  scopes: string[];
  enabled: boolean;
  installedAt: string;
  emailApi: 'pending' | 'approved' | 'rejected' | null;
}

export interface WebhookSubscription {
  source: 'descriptor' | 'registered';
  events: string[];
  url: string;
  webhookId?: number;
  expiresAt?: string;
}

export interface WebhookDelivery {
  deliveryId: string;
  event: string;
  accountId: string;
  url: string;
  status: string;
  lastError: string | null;
  createdAt: string;
  finishedAt: string | null;
  attempts: {
    attempt: number;
    attemptedAt: string;
    responseStatus: number | null;
    outcome: string;
    error: string | null;
  }[];
}

export interface SiteMigration {
  stage: 'legacy' | 'enforced';
  deprecationEnds: string | null;
}

export interface Deletion {
  accountId: string;
  status: 'pending' | 'cancelled' | 'erased';
  requestedAt: string;
  requestedBy: {
    role: 'self' | 'organization-admin' | 'platform-admin' | 'scenario' | 'erasure-ledger';
    accountId: string | null;
  };
  eraseAt: string;
  cancelledAt: string | null;
  erasedAt: string | null;
}

export interface ErasureReport {
  accountId: string;
  clean: boolean;
  requestedAt: string;
  requestedBy: { role: string; accountId: string | null };
  dueAt: string;
  startedAt: string;
  completedAt: string;
  attempts: number;
  tables: { table: string; action: string; rows: number; reason?: string }[];
  unreviewedTables: string[];
  scan: {
    tables: number;
    columns: number;
    valuesSearched: number;
    matches: { table: string; column: string; rows: number }[];
  };
  rewrite: { tables: string[]; completedAt: string | null };
  appsNotified: { appKey: string; siteId: string }[];
  appsAnsweredClosed: { appKey: string; answeredAt: string }[];
}

export interface EmailApiStanding {
  appKey: string;
  status: 'pending' | 'approved' | 'rejected' | null;
  useCases: string[];
  appliedBy: string | null;
  appliedAt: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  reason: string | null;
}
