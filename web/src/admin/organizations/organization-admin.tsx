import { useState } from 'preact/hooks';
import { apiPath, callApi, describeFailure } from '../../api.ts';
import { useLoaded } from '../../loaded.ts';
import { Failure, Loading, type Notice, NoticeLine, WhenLoaded } from '../../messages.tsx';
import { Page } from '../../page.tsx';
import { Link } from '../../router.tsx';
import type { AccountView, DomainPreview, ManagedAccount, Me, Organization } from '../../types.ts';
import { ManagedAccountSettings } from './managed-account.tsx';

function personLine(account: AccountView): string {
  return account.email ? `${account.displayName} (${account.email})` : account.displayName;
}

/** Adding a domain: first the accounts it would make managed, then an explicit confirmation. */
function AddDomain({
  organization,
  onChanged,
}: {
  organization: Organization;
  onChanged: (text: string) => void;
}) {
  const [domain, setDomain] = useState('');
  const [preview, setPreview] = useState<DomainPreview | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const check = async (event: Event) => {
    event.preventDefault();
    setProblem(null);
    if (domain.trim() === '') return setProblem('Enter a domain, such as example.com.');
    try {
      setPreview(
        await callApi<DomainPreview>(
          'GET',
          apiPath`/veil/v1/organizations/${organization.id}/domains/${domain.trim()}/preview`,
        ),
      );
    } catch (error) {
      setProblem(describeFailure(error));
    }
  };
  const confirm = async () => {
    if (!preview) return;
    try {
      await callApi('PUT', apiPath`/veil/v1/organizations/${organization.id}/domains/${preview.domain}`);
      onChanged(
        `Verified ${preview.domain}: ${preview.accounts.length} account(s) are now managed by ${organization.name}.`,
      );
      setPreview(null);
      setDomain('');
    } catch (error) {
      setProblem(`${describeFailure(error)}. Nothing was changed.`);
    }
  };

  return (
    <div class="add-domain">
      <form onSubmit={(event) => void check(event)} class="inline-form" noValidate>
        <label for="new-domain">Domain to verify</label>
        <input
          id="new-domain"
          value={domain}
          placeholder="example.com"
          onInput={(e) => {
            setDomain(e.currentTarget.value);
            setPreview(null);
          }}
        />
        <button type="submit" class="secondary">
          Check domain
        </button>
      </form>
      {problem ? <Failure>{problem}</Failure> : null}
      {preview ? (
        <section class="confirm" aria-labelledby="confirm-heading">
          <h3 id="confirm-heading">Verify {preview.domain}?</h3>
          {preview.accounts.length === 0 ? (
            <p>
              No account has an email address in {preview.domain} yet. Accounts created there later will be
              managed.
            </p>
          ) : (
            <>
              <p>
                These {preview.accounts.length} account(s) will become managed by {organization.name}: its
                admins will see all their fields and can lock their settings.
              </p>
              <ul>
                {preview.accounts.map((a) => (
                  <li key={a.accountId}>{personLine(a)}</li>
                ))}
              </ul>
            </>
          )}
          <div class="buttons">
            <button type="button" onClick={() => void confirm()}>
              Verify {preview.domain}
            </button>
            <button type="button" class="secondary" onClick={() => setPreview(null)}>
              Cancel
            </button>
          </div>
        </section>
      ) : null}
    </div>
  );
}

function Domains({
  organization,
  me,
  onChanged,
}: {
  organization: Organization;
  me: Me;
  onChanged: (text: string) => void;
}) {
  const [removing, setRemoving] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const remove = async (domain: string) => {
    try {
      await callApi('DELETE', apiPath`/veil/v1/organizations/${organization.id}/domains/${domain}`);
      setRemoving(null);
      onChanged(`Removed ${domain}: its accounts are no longer managed by ${organization.name}.`);
    } catch (error) {
      setProblem(`${describeFailure(error)}. Nothing was changed.`);
    }
  };
  return (
    <section class="card" aria-labelledby="domains-heading">
      <h2 id="domains-heading">Verified domains</h2>
      <p class="hint">Every account whose email is in a verified domain is managed by {organization.name}.</p>
      {organization.verifiedDomains.length === 0 ? <p>No verified domain yet.</p> : null}
      <ul class="domains">
        {organization.verifiedDomains.map((domain) => (
          <li key={domain}>
            <span>{domain}</span>
            {me.roles.platformAdmin && removing !== domain ? (
              <button
                type="button"
                class="secondary small"
                onClick={() => setRemoving(domain)}
                aria-label={`Remove ${domain}`}
              >
                Remove
              </button>
            ) : null}
            {removing === domain ? (
              <span class="buttons">
                <button type="button" class="danger small" onClick={() => void remove(domain)}>
                  Remove {domain} for good
                </button>
                <button type="button" class="secondary small" onClick={() => setRemoving(null)}>
                  Keep {domain}
                </button>
              </span>
            ) : null}
          </li>
        ))}
      </ul>
      {problem ? <Failure>{problem}</Failure> : null}
      {me.roles.platformAdmin ? (
        <AddDomain organization={organization} onChanged={onChanged} />
      ) : (
        <p class="hint">Platform admins verify domains.</p>
      )}
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
    <Page title={org ? `Organization: ${org.name}` : 'Organization'}>
      <p>
        <Link href="/admin">Back to the admin console</Link>
      </p>
      {organization.problem ? <Failure>{organization.problem}</Failure> : null}
      <NoticeLine notice={notice} id="organization-notice" />
      {org ? <Domains organization={org} me={me} onChanged={changed} /> : <Loading what="the organization" />}
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
                      onSaved={(text) => setNotice({ kind: 'success', text })}
                      onFailed={(text) => setNotice({ kind: 'error', text })}
                      onStatusChanged={(next) => {
                        setNotice(next);
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
    </Page>
  );
}
