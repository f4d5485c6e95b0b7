import { callApi } from '../api.ts';
import { useLoaded } from '../loaded.ts';
import { WhenLoaded } from '../messages.tsx';
import { Link } from '../router.tsx';
import type { Me, Organization, Site } from '../types.ts';
import { AdminPage } from './admin-page.tsx';

function OrganizationsSection() {
  const organizations = useLoaded(() => callApi<Organization[]>('GET', '/veil/v1/organizations'), []);
  return (
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
  );
}

function SitesSection() {
  const sites = useLoaded(() => callApi<Site[]>('GET', '/veil/v1/sites'), []);
  return (
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
  );
}

/** The pages only platform admins open. */
function PlatformSection() {
  return (
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
  );
}

/** The console's home: the organizations and sites the person administers, and the platform's pages. */
export function AdminHome({ me }: { me: Me }) {
  return (
    <AdminPage title="Admin console" intro="The organizations and sites you administer." back={null}>
      <OrganizationsSection />
      <SitesSection />
      {me.roles.platformAdmin ? <PlatformSection /> : null}
    </AdminPage>
  );
}
