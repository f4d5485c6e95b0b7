import { apiPath, callApi, describeFailure } from '../../api.ts';
import type { AccountView } from '../../types.ts';

/** Deactivate or reactivate an account (platform admins); says what happened either way. */
export function AccountStatusButton({
  account,
  onDone,
}: {
  account: AccountView;
  onDone: (result: { ok: boolean; text: string }) => void;
}) {
  // Waiting for deletion, or deleted: the deletion decides, not this button.
  if (account.status !== 'active' && account.status !== 'deactivated') return null;
  const target = account.active ? 'deactivated' : 'active';
  const change = async () => {
    try {
      await callApi('PATCH', apiPath`/veil/v1/accounts/${account.accountId}`, { status: target });
      onDone({
        ok: true,
        text: account.active
          ? `Deactivated ${account.displayName}: they cannot sign in; their data is kept.`
          : `Reactivated ${account.displayName}.`,
      });
    } catch (error) {
      onDone({ ok: false, text: `Not changed: ${describeFailure(error)}.` });
    }
  };
  return (
    <button
      type="button"
      class={account.active ? 'danger small' : 'secondary small'}
      onClick={() => void change()}
    >
      {account.active ? 'Deactivate' : 'Reactivate'}
      <span class="visually-hidden"> {account.displayName}</span>
    </button>
  );
}
