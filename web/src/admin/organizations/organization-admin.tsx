import { useState } from 'preact/hooks';
import { apiPath, callApi } from '../../api.ts';
import { type Loaded, useLoaded } from '../../loaded.ts';
import { Failure, Loading, type Notice, NoticeLine, WhenLoaded } from '../../messages.tsx';
import type { ManagedAccount, Me, Organization } from '../../types.ts';
import { AdminPage } from '../admin-page.tsx';
import { ManagedAccountSettings } from './managed-account.tsx';
import { Domains } from './organization-domains.tsx';

/** The accounts the organization manages, each with its settings and locks. */
function ManagedAccounts({
  organizationId,
  accounts,
  me,
  report,
}: {
  organizationId: string;
  accounts: Loaded<ManagedAccount[]>;
  me: Me;
  report: (notice: Notice) => void;
}) {
  return (
    <section class="card" aria-labelledby="managed-heading">
      <h2 id="managed-heading">Managed accounts</h2>
      <p class="hint">
        Set who can see each field of an account, and lock it so that its owner cannot change it.
      </p>
      <WhenLoaded loaded={accounts} what="managed accounts">
        {(list) =>
          list.length === 0 ? (
            <p>The organization manages no account.</p>
          ) : (
            <ul class="managed-accounts">
              {list.map((managed) => (
                <li key={managed.account.accountId}>
                  <ManagedAccountSettings
                    organizationId={organizationId}
                    managed={managed}
                    isSelf={managed.account.accountId === me.accountId}
                    onSaved={(text) => report({ kind: 'success', text })}
                    onFailed={(text) => report({ kind: 'error', text })}
                    onStatusChanged={(next) => {
                      report(next);
                      accounts.reload();
                    }}
                  />
                </li>
              ))}
            </ul>
          )
        }
      </WhenLoaded>
    </section>
  );
}

/** One organization: its verified domains and the accounts it manages, with their settings and locks. */
export function OrganizationAdmin({ organizationId, me }: { organizationId: string; me: Me }) {
  const organization = useLoaded(
    () => callApi<Organization>('GET', apiPath`/veil/v1/organizations/${organizationId}`),
    [organizationId],
  );
  const accounts = useLoaded(
    () => callApi<ManagedAccount[]>('GET', apiPath`/veil/v1/organizations/${organizationId}/accounts`),
    [organizationId],
  );
  const [notice, setNotice] = useState<Notice>(null);
  const changed = (text: string) => {
    setNotice({ kind: 'success', text });
    organization.reload();
    accounts.reload();
  };
  const org = organization.value;
  return (
    <AdminPage title={org ? `Organization: ${org.name}` : 'Organization'}>
      {organization.problem ? <Failure>{organization.problem}</Failure> : null}
      <NoticeLine notice={notice} id="organization-notice" />
      {org ? <Domains organization={org} me={me} onChanged={changed} /> : <Loading what="the organization" />}
      <ManagedAccounts organizationId={organizationId} accounts={accounts} me={me} report={setNotice} />
    </AdminPage>
  );
}
