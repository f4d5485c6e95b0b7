import { useState } from 'preact/hooks';
import { apiPath, callApi, describeFailure, noneWhen } from '../../api.ts';
import { useLoaded } from '../../loaded.ts';
import type { Notice } from '../../messages.tsx';
import { Link } from '../../router.tsx';
import type { AccountView, Deletion } from '../../types.ts';

function day(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** The account's deletion as Veil holds it (`'none'` when there is none), and what an admin can do to it. */
function useAccountDeletion(account: AccountView, onChanged: (notice: Notice) => void) {
  const path = apiPath`/veil/v1/accounts/${account.accountId}/deletion`;
  const { value: deletion, reload } = useLoaded(
    () => callApi<Deletion>('GET', path).catch(noneWhen('deletion.not_found')),
    [path],
  );
  const [asking, setAsking] = useState(false);
  const [atOnce, setAtOnce] = useState(false);
  const done = (notice: Notice) => {
    setAsking(false);
    reload();
    onChanged(notice);
  };
  const request = async () => {
    try {
      const body = atOnce ? { gracePeriod: 'PT0S', confirm: account.accountId } : {};
      const made = await callApi<Deletion>('POST', path, body);
      done({
        kind: 'success',
        text: atOnce
          ? `Deleting ${account.displayName} now.`
          : `${account.displayName} will be deleted on ${day(made.eraseAt)}.`,
      });
    } catch (error) {
      done({ kind: 'error', text: `Not deleted: ${describeFailure(error)}. Nothing was changed.` });
    }
  };
  const cancel = async () => {
    try {
      await callApi('DELETE', path);
      done({ kind: 'success', text: `Cancelled the deletion of ${account.displayName}.` });
    } catch (error) {
      done({ kind: 'error', text: `Not cancelled: ${describeFailure(error)}.` });
    }
  };
  return { deletion, asking, setAsking, atOnce, setAtOnce, request, cancel };
}

/** Asking before deleting: after the grace period, or at once. */
function ConfirmDeletion({
  account,
  atOnce,
  onAtOnce,
  onDelete,
  onKeep,
}: {
  account: AccountView;
  atOnce: boolean;
  onAtOnce: (atOnce: boolean) => void;
  onDelete: () => void;
  onKeep: () => void;
}) {
  const onceId = `delete-at-once-${account.accountId}`;
  return (
    <div class="confirm">
      <p>
        Delete {account.displayName}: deactivated now, every piece of personal data erased after the grace
        period.
      </p>
      <div class="check">
        <input
          type="checkbox"
          id={onceId}
          checked={atOnce}
          onChange={(e) => onAtOnce(e.currentTarget.checked)}
        />
        <label for={onceId}>Erase at once, without a grace period</label>
      </div>
      <span class="buttons">
        <button type="button" class="danger small" onClick={onDelete}>
          Delete {account.displayName}
        </button>
        <button type="button" class="secondary small" onClick={onKeep}>
          Keep {account.displayName}
        </button>
      </span>
    </div>
  );
}

/** An admin deletes an account (after the grace period, or at once when confirmed), or cancels it. */
export function AccountDeletion({
  account,
  onChanged,
}: {
  account: AccountView;
  onChanged: (notice: Notice) => void;
}) {
  const { deletion, asking, setAsking, atOnce, setAtOnce, request, cancel } = useAccountDeletion(
    account,
    onChanged,
  );
  if (deletion === null) return null;
  if (deletion !== 'none' && deletion.status === 'erased') {
    return (
      <Link href={`/admin/accounts/${encodeURIComponent(account.accountId)}/erasure-report`}>
        Erasure report<span class="visually-hidden"> of {account.accountId}</span>
      </Link>
    );
  }
  if (deletion !== 'none' && deletion.status === 'pending') {
    return (
      <span class="buttons">
        <span>Deleted on {day(deletion.eraseAt)}</span>
        <button type="button" class="secondary small" onClick={() => void cancel()}>
          Cancel the deletion<span class="visually-hidden"> of {account.displayName}</span>
        </button>
      </span>
    );
  }
  if (!asking) {
    return (
      <button type="button" class="danger small" onClick={() => setAsking(true)}>
        Delete…<span class="visually-hidden"> {account.displayName}</span>
      </button>
    );
  }
  return (
    <ConfirmDeletion
      account={account}
      atOnce={atOnce}
      onAtOnce={setAtOnce}
      onDelete={() => void request()}
      onKeep={() => setAsking(false)}
    />
  );
}
