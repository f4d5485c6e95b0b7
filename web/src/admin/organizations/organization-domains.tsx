import { useState } from 'preact/hooks';
import { apiPath, callApi, describeFailure } from '../../api.ts';
import { Failure } from '../../messages.tsx';
import type { AccountView, DomainPreview, Me, Organization } from '../../types.ts';

function personLine(account: AccountView): string {
  return account.email ? `${account.displayName} (${account.email})` : account.displayName;
}

/** The accounts that verifying the domain makes managed, and the buttons that verify it or not. */
function DomainConfirmation({
  preview,
  organization,
  onConfirm,
  onCancel,
}: {
  preview: DomainPreview;
  organization: Organization;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
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
            These {preview.accounts.length} account(s) will become managed by {organization.name}: its admins
            will see all their fields and can lock their settings.
          </p>
          <ul>
            {preview.accounts.map((a) => (
              <li key={a.accountId}>{personLine(a)}</li>
            ))}
          </ul>
        </>
      )}
      <div class="buttons">
        <button type="button" onClick={onConfirm}>
          Verify {preview.domain}
        </button>
        <button type="button" class="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </section>
  );
}

/** The domain to verify, and the button that shows what verifying it would do. */
function DomainForm({
  domain,
  onInput,
  onCheck,
}: {
  domain: string;
  onInput: (domain: string) => void;
  onCheck: (event: Event) => void;
}) {
  return (
    <form onSubmit={onCheck} class="inline-form" noValidate>
      <label for="new-domain">Domain to verify</label>
      <input
        id="new-domain"
        value={domain}
        placeholder="example.com"
        onInput={(e) => onInput(e.currentTarget.value)}
      />
      <button type="submit" class="secondary">
        Check domain
      </button>
    </form>
  );
}

/** The domain being checked, the accounts verifying it would make managed, and why a step failed. */
function useDomainVerification(organization: Organization, onChanged: (text: string) => void) {
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
  return { domain, setDomain, preview, setPreview, problem, check, confirm };
}

/** Adding a domain: first the accounts it would make managed, then an explicit confirmation. */
function AddDomain({
  organization,
  onChanged,
}: {
  organization: Organization;
  onChanged: (text: string) => void;
}) {
  const { domain, setDomain, preview, setPreview, problem, check, confirm } = useDomainVerification(
    organization,
    onChanged,
  );
  return (
    <div class="add-domain">
      <DomainForm
        domain={domain}
        onInput={(typed) => {
          setDomain(typed);
          setPreview(null);
        }}
        onCheck={(event) => void check(event)}
      />
      {problem ? <Failure>{problem}</Failure> : null}
      {preview ? (
        <DomainConfirmation
          preview={preview}
          organization={organization}
          onConfirm={() => void confirm()}
          onCancel={() => setPreview(null)}
        />
      ) : null}
    </div>
  );
}

/** The organization's verified domains: removing one (platform admins), adding one. */
export function Domains({
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
