import { useState } from 'preact/hooks';
import { callApi } from '../api.ts';
import { useLoaded } from '../loaded.ts';
import { WhenLoaded } from '../messages.tsx';
import { Page } from '../page.tsx';
import {
  type AccountView,
  fieldLabels,
  localAvatar,
  type Me,
  type Preview,
  type ProfileField,
  profileFields,
} from '../types.ts';

const fallbackViewers = [
  { kind: 'anyone', label: 'Anyone', about: '' },
  { kind: 'connect-app', label: 'A Connect app', about: '' },
];

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function fieldValue(account: AccountView, field: ProfileField): string | undefined {
  if (field === 'timeZone')
    return account.timeZone
      ? `${account.timeZone}${account.locale ? ` (locale ${account.locale})` : ''}`
      : undefined;
  if (field === 'avatar') return undefined;
  return account[field];
}

/** The profile card exactly as the viewer receives it: hidden fields are absent, the avatar masked. */
function ProfileCard({ preview }: { preview: Preview }) {
  const { account, visibleFields } = preview;
  const hidden = profileFields.filter((field) => !visibleFields.includes(field));
  return (
    <section class="card profile-card" aria-labelledby="seen-heading">
      <h2 id="seen-heading">What {lowerFirst(preview.viewer.label)} sees</h2>
      <div class="person">
        <img
          class="avatar large"
          src={localAvatar(account.avatarUrl)}
          alt={visibleFields.includes('avatar') ? `Avatar of ${account.displayName}` : 'A masked avatar'}
          width={64}
          height={64}
        />
        <div>
          <p class="display-name">{account.displayName}</p>
          <p class="muted">Public name: {account.publicName}</p>
        </div>
      </div>
      <dl class="seen-fields">
        {profileFields
          .filter((field) => field !== 'avatar' && visibleFields.includes(field))
          .map((field) => {
            const value = fieldValue(account, field);
            return (
              <div key={field} class="seen-field">
                <dt>{fieldLabels[field]}</dt>
                <dd>{value ?? <span class="muted">Not set</span>}</dd>
              </div>
            );
          })}
      </dl>
      <p class="hidden-fields">
        <strong>Hidden from this viewer:</strong>{' '}
        {hidden.length === 0 ? 'nothing' : hidden.map((f) => fieldLabels[f]).join(', ')}
      </p>
    </section>
  );
}

function RawJson({ preview }: { preview: Preview }) {
  if (!preview.tracker) {
    return (
      <section class="card" aria-labelledby="raw-heading">
        <h2 id="raw-heading">What the API returns</h2>
        <p>Your account is not linked to a site, so no product API returns it yet.</p>
      </section>
    );
  }
  return (
    <section class="card raw" aria-labelledby="raw-heading">
      <h2 id="raw-heading">What the tracker API returns</h2>
      <p class="muted">
        <code>{preview.tracker.request}</code> on {preview.site?.baseUrl}, called as this viewer:
      </p>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling block must be reachable with the keyboard */}
      <section class="json-scroll" aria-label="The JSON response" tabIndex={0}>
        <pre id="raw-json">{JSON.stringify(preview.tracker.user, null, 2)}</pre>
      </section>
      {preview.emailApi ? (
        <>
          <p class="muted">
            <code>{preview.emailApi.request}</code>, through the Email API (HTTP {preview.emailApi.status});
            every such read is recorded:
          </p>
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling block must be reachable with the keyboard */}
          <section class="json-scroll" aria-label="The Email API response" tabIndex={0}>
            <pre id="email-api-json">{JSON.stringify(preview.emailApi.body, null, 2)}</pre>
          </section>
        </>
      ) : null}
    </section>
  );
}

/** Preview as: your profile as another kind of viewer receives it, beside the raw API JSON. */
export function PreviewPage({ me }: { me: Me }) {
  const [viewer, setViewer] = useState(me.managedBy ? 'organization' : 'anyone');
  const [siteId, setSiteId] = useState<string>(me.sites[0]?.siteId ?? '');
  const query = new URLSearchParams({ viewer, ...(siteId ? { site: siteId } : {}) });
  const loaded = useLoaded(
    () => callApi<Preview>('GET', `/veil/v1/me/preview?${query}`),
    [viewer, siteId, me],
  );

  const viewers = loaded.value?.viewers ?? fallbackViewers;
  return (
    <Page
      title="Preview as"
      intro="See your profile exactly as someone else receives it: the same decision and the same API responses."
    >
      <form class="card controls" onSubmit={(event) => event.preventDefault()}>
        <fieldset>
          <legend>Preview your profile as</legend>
          {viewers.map((v) => (
            <div class="radio" key={v.kind}>
              <input
                type="radio"
                id={`viewer-${v.kind}`}
                name="viewer"
                value={v.kind}
                checked={viewer === v.kind}
                onChange={() => setViewer(v.kind)}
                aria-describedby={v.about ? `viewer-${v.kind}-about` : undefined}
              />
              <label for={`viewer-${v.kind}`}>{v.label}</label>
              {v.about ? (
                <p class="hint" id={`viewer-${v.kind}-about`}>
                  {v.about}
                </p>
              ) : null}
            </div>
          ))}
        </fieldset>
        {me.sites.length > 1 ? (
          <div class="form-row">
            <label for="preview-site">Site</label>
            <select
              id="preview-site"
              value={siteId}
              onChange={(event) => setSiteId(event.currentTarget.value)}
            >
              {me.sites.map((s) => (
                <option key={s.siteId} value={s.siteId}>
                  {s.siteId}
                </option>
              ))}
            </select>
          </div>
        ) : null}
      </form>
      <WhenLoaded loaded={loaded} what="the preview">
        {(preview) => (
          <div class="preview-grid" aria-live="polite">
            <ProfileCard preview={preview} />
            <RawJson preview={preview} />
          </div>
        )}
      </WhenLoaded>
    </Page>
  );
}
