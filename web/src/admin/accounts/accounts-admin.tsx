import { useState } from 'preact/hooks';
import { callApi } from '../../api.ts';
import { ColumnHeads } from '../../column-heads.tsx';
import { useLoaded } from '../../loaded.ts';
import type { Notice } from '../../messages.tsx';
import type { AccountPage, AccountView, Me } from '../../types.ts';
import { LoadedAdminPage } from '../admin-page.tsx';
import { AccountDeletion } from './account-deletion.tsx';
import { AccountStatusButton } from './account-status.tsx';

/** How an account's status reads on the page. */
export function statusLabel(account: AccountView): string {
  const labels: Record<string, string> = {
    active: 'Active',
    deactivated: 'Deactivated',
    'deletion-requested': 'Deletion requested',
    deleted: 'Deleted',
  };
  return labels[account.status] ?? account.status;
}

/** Every account (platform admins), as the platform admin may see it, with deactivate and reactivate. */
export function AccountsAdmin({ me }: { me: Me }) {
  const accounts = useLoaded(() => callApi<AccountPage>('GET', '/veil/v1/accounts?maxResults=1000'), []);
  const [notice, setNotice] = useState<Notice>(null);
  return (
    <LoadedAdminPage
      title="Accounts"
      intro="Every account on this Veil. Deactivated accounts keep their data and cannot sign in."
      notice={{ notice, id: 'accounts-notice' }}
      loaded={accounts}
      what="accounts"
    >
      {(page) => (
        <table class="people">
          <caption>{page.total} accounts</caption>
          <ColumnHeads names={['Name', 'Type', 'Status', 'Action']} />
          <tbody>
            {page.values.map((account) => (
              <tr key={account.accountId}>
                <td data-label="Name">
                  <span class="display-name">{account.displayName}</span>
                  {account.email ? <span class="muted"> {account.email}</span> : null}
                </td>
                <td data-label="Type">{account.accountType}</td>
                <td data-label="Status">{statusLabel(account)}</td>
                <td data-label="Action">
                  {account.accountId === me.accountId || account.accountType === 'app' ? (
                    <span class="muted">—</span>
                  ) : (
                    <span class="buttons">
                      <AccountStatusButton
                        account={account}
                        onDone={({ ok, text }) => {
                          setNotice({ kind: ok ? 'success' : 'error', text });
                          if (ok) accounts.reload();
                        }}
                      />
                      <AccountDeletion
                        account={account}
                        onChanged={(next) => {
                          setNotice(next);
                          accounts.reload();
                        }}
                      />
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </LoadedAdminPage>
  );
}
