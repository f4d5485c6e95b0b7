/**
 * The management API's shapes that the pages read: the server's own contracts (the `Static` types beside
 * each schema), imported type-only so that no server code enters the bundle. Named as the pages say them.
 */
export type {
  AccessLogView as AccessLog,
  AppsHoldingYourData,
} from '../../src/access-log/access-log.schemas.ts';
export type {
  AccountPage,
  AccountView,
  MeView as Me,
  VisibilityMap,
} from '../../src/accounts/accounts.schemas.ts';
export type { EmailChangeConfirmed } from '../../src/accounts-api/email-changes.schemas.ts';
export type { InstalledAppView as InstalledApp } from '../../src/apps/apps.schemas.ts';
export type {
  IssuedToken,
  SessionView as Session,
  TokenMetadata,
} from '../../src/credentials/credentials.schemas.ts';
export type { DeletionView as Deletion } from '../../src/deletion/deletion.schemas.ts';
export type { EmailApiStandingView as EmailApiStanding } from '../../src/email-api/email-api.schemas.ts';
export type { ErasureReportView as ErasureReport } from '../../src/erasure/erasure.schemas.ts';
export type { MailPage, MailView as Mail } from '../../src/mail/mail.schemas.ts';
export type { ConnectedAppView as ConnectedApp } from '../../src/oauth/oauth.schemas.ts';
export type {
  DomainPreview,
  ManagedAccountView as ManagedAccount,
  OrganizationView as Organization,
} from '../../src/organizations/organizations.schemas.ts';
export type { PreviewView as Preview } from '../../src/preview/preview.schemas.ts';
export type { ReportingOverview } from '../../src/reporting/reporting.schemas.ts';
export type { LinkView as SiteLink } from '../../src/site-links/site-links.schemas.ts';
export type { SiteView as Site } from '../../src/sites/sites.schemas.ts';
// The fields and visibilities are the server's own lists, so a page can never offer a field Veil lacks.
export {
  type ProfileField,
  profileFields,
  type Visibility,
  visibilities,
} from '../../src/visibility/visibility.ts';
export type {
  DeliveryPage,
  DeliveryView as WebhookDelivery,
  SubscriptionView as WebhookSubscription,
} from '../../src/webhooks/webhooks.schemas.ts';

import type { VisibilityMap } from '../../src/accounts/accounts.schemas.ts';
import type { ProfileField, Visibility } from '../../src/visibility/visibility.ts';

/** One field's setting: who can see it, whether it is the default, and whether (and by whom) it is locked. */
export type FieldSetting = VisibilityMap[ProfileField];

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
