import { useState } from 'preact/hooks';
import { callApi, describeFailure } from '../api.ts';
import { type Notice, NoticeLine } from '../messages.tsx';
import { Page } from '../page.tsx';
import {
  fieldLabels,
  localAvatar,
  type Me,
  type ProfileField,
  profileFields,
  type Visibility,
  visibilities,
  visibilityLabels,
} from '../types.ts';
import { EmailChange } from './email-change.tsx';
import { ProfileDetails } from './profile-details.tsx';

/** The value of a field as the person's own page shows it (they see everything of their own). */
function FieldValue({ me, field }: { me: Me; field: ProfileField }) {
  const { profile } = me;
  if (field === 'avatar')
    return (
      <img class="avatar" src={localAvatar(profile.avatarUrl)} alt="Your avatar" width={48} height={48} />
    );
  const value =
    field === 'timeZone' && profile.timeZone
      ? `${profile.timeZone}${profile.locale ? ` (locale ${profile.locale})` : ''}`
      : profile[field];
  return value ? <span>{value}</span> : <span class="muted">Not set</span>;
}

/** The server's visibilities; `organization` only for an account an organization manages. */
function choicesFor(me: Me): Visibility[] {
  return visibilities.filter((v) => v !== 'organization' || me.managedBy !== null);
}

type Choose = (field: ProfileField, visibility: Visibility) => Promise<boolean>;

function FieldRow({ me, field, onChoose }: { me: Me; field: ProfileField; onChoose: Choose }) {
  const setting = me.visibility[field];
  const id = `visibility-${field}`;
  const lockId = `${id}-lock`;
  const organization = me.managedBy?.name ?? 'Your organization';
  return (
    <li class="field-row">
      <div class="field-name" id={`${id}-name`}>
        {fieldLabels[field]}
      </div>
      <div class="field-value">
        <FieldValue me={me} field={field} />
      </div>
      <div class="field-picker">
        <label for={id} class="picker-label">
          Who can see your {fieldLabels[field].toLowerCase()}
        </label>
        <select
          id={id}
          value={setting.visibility}
          disabled={setting.locked}
          aria-describedby={setting.locked ? lockId : undefined}
          onChange={(event) => {
            const select = event.currentTarget;
            void onChoose(field, select.value as Visibility).then((saved) => {
              // Not saved: the picker shows what Veil holds again.
              if (!saved) select.value = setting.visibility;
            });
          }}
        >
          {choicesFor(me).map((v) => (
            <option key={v} value={v}>
              {visibilityLabels[v]}
            </option>
          ))}
        </select>
        {setting.locked ? (
          <p class="lock" id={lockId}>
            <span class="lock-badge">Locked</span> {organization} manages your account and has set who can see
            this. Ask its admins to change it.
          </p>
        ) : setting.isDefault ? (
          <p class="hint">The default for {me.managedBy ? 'managed' : 'personal'} accounts.</p>
        ) : null}
      </div>
    </li>
  );
}

/** Every profile field with its value and who can see it; a change is saved at once. */
export function ProfilePage({ me, onChanged }: { me: Me; onChanged: (me: Me) => void }) {
  const [notice, setNotice] = useState<Notice>(null);
  const organization = me.managedBy?.name;

  const choose: Choose = async (field, visibility) => {
    setNotice(null);
    try {
      const updated = await callApi<Me>('PUT', '/veil/v1/me/visibility', { [field]: visibility });
      onChanged(updated);
      setNotice({
        kind: 'success',
        text: `Saved. ${fieldLabels[field]} is now visible to: ${visibilityLabels[updated.visibility[field].visibility]}.`,
      });
      return true;
    } catch (error) {
      setNotice({ kind: 'error', text: `Not saved: ${describeFailure(error)}. Nothing was changed.` });
      return false;
    }
  };

  return (
    <Page
      title="Profile and visibility"
      intro="Choose who can see each part of your profile, on every site and in every app. Changes are saved at once."
    >
      <section class="card" aria-labelledby="about-visibility">
        <h2 id="about-visibility">Who is who</h2>
        <dl class="legend">
          <dt>Anyone</dt>
          <dd>Everyone who can see you on a site, and the apps installed there.</dd>
          {organization ? (
            <>
              <dt>Organization</dt>
              <dd>The people whose accounts {organization} manages: the people you work with.</dd>
            </>
          ) : null}
          <dt>Only you</dt>
          <dd>
            {organization
              ? `You, and the admins of ${organization}, who manages your account.`
              : 'You alone.'}
          </dd>
        </dl>
        {organization ? (
          <p>
            Your account is managed by <strong>{organization}</strong>, because your email address is in a
            domain it verified.
          </p>
        ) : (
          <p>No organization manages your account: it is a personal account.</p>
        )}
      </section>
      <NoticeLine notice={notice} id="profile-notice" />
      <ul class="fields" aria-label="Your profile fields">
        <li class="field-row">
          <div class="field-name">Public name</div>
          <div class="field-value">{me.profile.publicName}</div>
          <div class="field-picker">
            <p class="always">Anyone (always)</p>
            <p class="hint">Shown wherever your full name is hidden, so you are never nameless.</p>
          </div>
        </li>
        {profileFields.map((field) => (
          <FieldRow key={field} me={me} field={field} onChoose={choose} />
        ))}
      </ul>
      <EmailChange me={me} onChanged={onChanged} report={setNotice} />
      <ProfileDetails me={me} onSaved={onChanged} report={setNotice} />
    </Page>
  );
}
