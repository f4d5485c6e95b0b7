import { useEffect, useState } from 'preact/hooks';
import { apiPath, callApi, describeFailure } from '../../api.ts';
import { ColumnHeads } from '../../column-heads.tsx';
import type { Notice } from '../../messages.tsx';
import {
  type FieldSetting,
  fieldLabels,
  type ManagedAccount,
  type ProfileField,
  profileFields,
  type Visibility,
  visibilities,
  visibilityLabels,
} from '../../types.ts';
import { AccountDeletion } from '../accounts/account-deletion.tsx';
import { AccountStatusButton } from '../accounts/account-status.tsx';
import { statusLabel } from '../accounts/accounts-admin.tsx';

/** One field of the account: who can see it, and whether it is locked. */
function SettingRow({
  field,
  setting,
  idBase,
  displayName,
  onChange,
}: {
  field: ProfileField;
  setting: FieldSetting;
  idBase: string;
  displayName: string;
  onChange: (visibility: Visibility, locked: boolean) => void;
}) {
  const id = `${idBase}-${field}`;
  return (
    <tr>
      <th scope="row" id={`${id}-name`}>
        {fieldLabels[field]}
      </th>
      <td>
        <label for={`${id}-visibility`} class="visually-hidden">
          Who can see the {fieldLabels[field].toLowerCase()} of {displayName}
        </label>
        <select
          id={`${id}-visibility`}
          value={setting.visibility}
          onChange={(e) => onChange(e.currentTarget.value as Visibility, setting.locked)}
        >
          {visibilities.map((v) => (
            <option key={v} value={v}>
              {visibilityLabels[v]}
            </option>
          ))}
        </select>
      </td>
      <td>
        <input
          type="checkbox"
          id={`${id}-locked`}
          checked={setting.locked}
          onChange={(e) => onChange(setting.visibility, e.currentTarget.checked)}
        />
        <label for={`${id}-locked`}>
          <span class="visually-hidden">
            Lock the {fieldLabels[field].toLowerCase()} of {displayName}
          </span>
          <span aria-hidden="true">Locked</span>
        </label>
      </td>
    </tr>
  );
}

/** One managed account's settings, each with a picker and a lock; a change is saved at once. */
export function ManagedAccountSettings({
  organizationId,
  managed,
  onSaved,
  onFailed,
  onStatusChanged,
  isSelf,
}: {
  organizationId: string;
  managed: ManagedAccount;
  onSaved: (text: string) => void;
  onFailed: (text: string) => void;
  onStatusChanged: (notice: Notice) => void;
  isSelf: boolean;
}) {
  const [current, setCurrent] = useState(managed);
  // A fresh list from Veil (after a status change) replaces what this row held.
  useEffect(() => setCurrent(managed), [managed]);
  const { account } = current;
  const idBase = `managed-${account.accountId}`;

  const save = async (field: ProfileField, visibility: Visibility, locked: boolean) => {
    try {
      const updated = await callApi<ManagedAccount>(
        'PUT',
        apiPath`/veil/v1/organizations/${organizationId}/accounts/${account.accountId}/visibility`,
        { [field]: { visibility, locked } },
      );
      setCurrent(updated);
      const setting = updated.visibility[field];
      onSaved(
        `Saved. ${account.displayName}: ${fieldLabels[field]} is visible to ${visibilityLabels[setting.visibility]}${setting.locked ? ', locked' : ', not locked'}.`,
      );
    } catch (error) {
      setCurrent({ ...current });
      onFailed(`Not saved: ${describeFailure(error)}. Nothing was changed.`);
    }
  };

  return (
    <details class="managed">
      <summary>
        <span class="display-name">{account.displayName}</span>{' '}
        <span class="muted">{account.email ?? ''}</span>
        {account.active ? null : <span class="badge">{statusLabel(account)}</span>}
      </summary>
      {isSelf ? null : (
        <p class="buttons account-actions">
          <span>Status: {statusLabel(account)}</span>
          <AccountStatusButton
            account={account}
            onDone={({ ok, text }) => onStatusChanged({ kind: ok ? 'success' : 'error', text })}
          />
          <AccountDeletion account={account} onChanged={onStatusChanged} />
        </p>
      )}
      <table class="settings">
        <caption class="visually-hidden">Visibility settings of {account.displayName}</caption>
        <ColumnHeads names={['Field', 'Who can see it', 'Locked']} />
        <tbody>
          {profileFields.map((field) => (
            <SettingRow
              key={field}
              field={field}
              setting={current.visibility[field]}
              idBase={idBase}
              displayName={account.displayName}
              onChange={(visibility, locked) => void save(field, visibility, locked)}
            />
          ))}
        </tbody>
      </table>
    </details>
  );
}
