import type { Me } from '../types.ts';
import { AccountsAdmin } from './accounts/accounts-admin.tsx';
import { ErasureReportPage } from './accounts/erasure-report.tsx';
import { AdminHome } from './admin-home.tsx';
import { AppWebhooks } from './apps/app-webhooks.tsx';
import { EmailApiAdmin } from './email-api/email-api-admin.tsx';
import { MailAdmin } from './mail/mail-admin.tsx';
import { OrganizationAdmin } from './organizations/organization-admin.tsx';
import { ReportingAdmin } from './reporting/reporting-admin.tsx';
import { SiteAdmin } from './sites/site-admin.tsx';

/** The admin console's pages, by path: `/admin`, `/admin/organizations/:id`, `/admin/sites/:id`, `/admin/accounts`. */
export function AdminRoutes({ path, me }: { path: string; me: Me }) {
  const [, , section, id, part, key] = path.split('/').map(decodeURIComponent);
  if (section === 'organizations' && id) return <OrganizationAdmin key={id} organizationId={id} me={me} />;
  if (section === 'sites' && id && part === 'apps' && key)
    return <AppWebhooks key={`${id}/${key}`} siteId={id} appKey={key} />;
  if (section === 'sites' && id) return <SiteAdmin key={id} siteId={id} me={me} />;
  if (section === 'accounts' && id && part === 'erasure-report')
    return <ErasureReportPage key={id} accountId={id} />;
  if (section === 'accounts' && me.roles.platformAdmin) return <AccountsAdmin me={me} />;
  if (section === 'reporting' && me.roles.platformAdmin) return <ReportingAdmin />;
  if (section === 'email-api' && me.roles.platformAdmin) return <EmailApiAdmin />;
  if (section === 'mail' && me.roles.platformAdmin) return <MailAdmin />;
  return <AdminHome me={me} />;
}
