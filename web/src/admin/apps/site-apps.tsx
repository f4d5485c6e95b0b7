import { useState } from 'preact/hooks';
import { apiPath, callApi, describeFailure } from '../../api.ts';
import { ColumnHeads } from '../../column-heads.tsx';
import { useLoaded } from '../../loaded.ts';
import { type Notice, WhenLoaded } from '../../messages.tsx';
import { Link } from '../../router.tsx';
import type { InstalledApp } from '../../types.ts';

const emailApiLabels: Record<string, string> = {
  pending: 'Applied, waiting for a decision',
  approved: 'Approved: reads emails whatever their visibility, every read recorded',
  rejected: 'Rejected',
};

function AppRow({
  siteId,
  app,
  report,
}: {
  siteId: string;
  app: InstalledApp;
  report: (notice: Notice, reload: boolean) => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const path = apiPath`/veil/v1/sites/${siteId}/apps/${app.appKey}`;
  const act = async (what: 'enable' | 'disable' | 'uninstall') => {
    try {
      if (what === 'uninstall') await callApi('DELETE', path);
      else await callApi('PATCH', path, { enabled: what === 'enable' });
      const done = { enable: 'Enabled', disable: 'Disabled', uninstall: 'Uninstalled' }[what];
      report({ kind: 'success', text: `${done} ${app.name}; the app was told.` }, true);
    } catch (error) {
      report({ kind: 'error', text: `Not changed: ${describeFailure(error)}.` }, true);
    }
  };
  return (
    <tr>
      <td data-label="App">
        <span class="display-name">{app.name}</span> <span class="muted">{app.appKey}</span>
      </td>
      <td data-label="State">{app.enabled ? 'Enabled' : 'Disabled'}</td>
      <td data-label="Scopes">{app.scopes.length === 0 ? 'none' : app.scopes.join(', ')}</td>
      <td data-label="Email API">{app.emailApi ? emailApiLabels[app.emailApi] : 'Not applied'}</td>
      <td data-label="Actions">
        <span class="buttons">
          <button
            type="button"
            class="secondary small"
            onClick={() => void act(app.enabled ? 'disable' : 'enable')}
          >
            {app.enabled ? 'Disable' : 'Enable'}
            <span class="visually-hidden"> {app.name}</span>
          </button>
          <Link href={`/admin/sites/${encodeURIComponent(siteId)}/apps/${encodeURIComponent(app.appKey)}`}>
            Details<span class="visually-hidden"> of {app.name}</span>
          </Link>
          {confirming ? (
            <>
              <button type="button" class="danger small" onClick={() => void act('uninstall')}>
                Uninstall {app.name} for good
              </button>
              <button type="button" class="secondary small" onClick={() => setConfirming(false)}>
                Keep {app.name}
              </button>
            </>
          ) : (
            <button type="button" class="secondary small" onClick={() => setConfirming(true)}>
              Uninstall<span class="visually-hidden"> {app.name}</span>
            </button>
          )}
        </span>
      </td>
    </tr>
  );
}

/** The Connect apps installed on a site: their state, scopes and Email API access; enable, disable, uninstall. */
export function SiteApps({ siteId, report }: { siteId: string; report: (notice: Notice) => void }) {
  const apps = useLoaded(
    () => callApi<InstalledApp[]>('GET', apiPath`/veil/v1/sites/${siteId}/apps`),
    [siteId],
  );
  const changed = (notice: Notice, reload: boolean) => {
    report(notice);
    if (reload) apps.reload();
  };
  return (
    <section class="card" aria-labelledby="apps-heading">
      <h2 id="apps-heading">Installed apps</h2>
      <p class="hint">Apps see what Anyone sees of a person, also when they act for one.</p>
      <WhenLoaded loaded={apps} what="apps">
        {(installed) =>
          installed.length === 0 ? (
            <p>No app is installed on this site.</p>
          ) : (
            <table class="people">
              <caption class="visually-hidden">Apps installed on {siteId}</caption>
              <ColumnHeads names={['App', 'State', 'Scopes', 'Email API', 'Actions']} />
              <tbody>
                {installed.map((app) => (
                  <AppRow key={app.appKey} siteId={siteId} app={app} report={changed} />
                ))}
              </tbody>
            </table>
          )
        }
      </WhenLoaded>
    </section>
  );
}
