import { useState } from 'preact/hooks';
import { apiPath, callApi, describeFailure } from '../api.ts';
import { useLoaded } from '../loaded.ts';
import { type Notice, NoticeLine, WhenLoaded } from '../messages.tsx';
import { Page } from '../page.tsx';
import type { ConnectedApp } from '../types.ts';

/** One app you consented to: on which sites, with which scopes, since when; and its Revoke button. */
function ConnectedAppItem({ app, onRevoke }: { app: ConnectedApp; onRevoke: () => void }) {
  return (
    <li class="card" aria-labelledby={`app-${app.clientId}`}>
      <h2 id={`app-${app.clientId}`}>{app.name}</h2>
      <p class="muted">Since {new Date(app.grantedAt).toLocaleDateString()}</p>
      <ul>
        {app.sites.map((site) => (
          <li key={site.siteId}>
            <strong>{site.siteId}</strong>: {site.scopes.join(', ')}
          </li>
        ))}
      </ul>
      <button type="button" class="danger small" onClick={onRevoke}>
        Revoke access of {app.name}
      </button>
    </li>
  );
}

/**
 * Connected apps: every OAuth 2.0 app you allowed to act for you. Revoking one ends its access at
 * once, on every site (its tokens stop working, and it cannot renew them).
 */
export function ConnectedAppsPage() {
  const apps = useLoaded(() => callApi<ConnectedApp[]>('GET', '/veil/v1/me/connected-apps'), []);
  const [notice, setNotice] = useState<Notice>(null);
  const revoke = async (app: ConnectedApp) => {
    try {
      await callApi('DELETE', apiPath`/veil/v1/me/connected-apps/${app.clientId}`);
      setNotice({ kind: 'success', text: `Revoked the access of ${app.name}.` });
      apps.reload();
    } catch (error) {
      setNotice({ kind: 'error', text: `Not revoked: ${describeFailure(error)}.` });
    }
  };
  return (
    <Page
      title="Connected apps"
      intro="Apps you allowed to act for you. They see your whole profile until you revoke their access."
    >
      <NoticeLine notice={notice} id="connected-apps-notice" />
      <WhenLoaded loaded={apps} what="connected apps">
        {(list) =>
          list.length === 0 ? (
            <p>You have not allowed any app to act for you.</p>
          ) : (
            <ul class="link-list">
              {list.map((app) => (
                <ConnectedAppItem key={app.clientId} app={app} onRevoke={() => void revoke(app)} />
              ))}
            </ul>
          )
        }
      </WhenLoaded>
    </Page>
  );
}
