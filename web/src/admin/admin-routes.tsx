import { callApi } from '../api.ts';
import { useLoaded } from '../loaded.ts';
import { WhenLoaded } from '../messages.tsx';
import { Page } from '../page.tsx';
import { Link } from '../router.tsx';
import type { Me, Organization, Site } from '../types.ts';
import { AccountsAdmin } from './accounts/accounts-admin.tsx';
import { ErasureReportPage } from './accounts/erasure-report.tsx';
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

function AdminHome({ me }: { me: Me }) {
  const organizations = useLoaded(() => callApi<Organization[]>('GET', '/veil/v1/organizations'), []);
  const sites = useLoaded(() => callApi<Site[]>('GET', '/veil/v1/sites'), []);
  return (
    <Page title="Admin console" intro="The organizations and sites you administer.">
      <section class="card" aria-labelledby="orgs-heading">
        <h2 id="orgs-heading">Organizations</h2>
        <WhenLoaded loaded={organizations} what="organizations">
          {(list) =>
            list.length === 0 ? (
              <p>You administer no organization.</p>
            ) : (
              <ul class="link-list">
                {list.map((o) => (
                  <li key={o.id}>
                    <Link href={`/admin/organizations/${encodeURIComponent(o.id)}`}>{o.name}</Link>{' '}
                    <span class="muted">
                      {o.verifiedDomains.length === 0 ? 'no verified domain' : o.verifiedDomains.join(', ')}
                    </span>
                  </li>
                ))}
              </ul>
            )
          }
        </WhenLoaded>
      </section>
      <section class="card" aria-labelledby="sites-heading">
        <h2 id="sites-heading">Sites</h2>
        <WhenLoaded loaded={sites} what="sites">
          {(list) =>
            list.length === 0 ? (
              <p>You administer no site.</p>
            ) : (
              <ul class="link-list">
                {list.map((s) => (
                  <li key={s.id}>
                    <Link href={`/admin/sites/${encodeURIComponent(s.id)}`}>{s.id}</Link>{' '}
                    <span class="muted">{s.baseUrl}</span>
                  </li>
                ))}
              </ul>
            )
          }
        </WhenLoaded>
      </section>
      {me.roles.platformAdmin ? (
        <section class="card" aria-labelledby="accounts-heading">
          <h2 id="accounts-heading">Accounts</h2>
          <p>
            <Link href="/admin/accounts">Every account</Link>, to deactivate and reactivate.
          </p>
          <p>
            <Link href="/admin/reporting">Personal-data reporting</Link>: which apps report the accounts they
            store.
          </p>
          <p>
            <Link href="/admin/email-api">Email API applications</Link>: which apps may read email addresses.
          </p>
          <p>
            <Link href="/admin/mail">Mail sent by Veil</Link>: the outbox, and what left through SMTP.
          </p>
        </section>
      ) : null}
    </Page>
  );
}
