import { useState } from 'preact/hooks';
import { apiPath, callApi } from '../../api.ts';
import { ColumnHeads } from '../../column-heads.tsx';
import { useLoaded } from '../../loaded.ts';
import { type Notice, WhenLoaded } from '../../messages.tsx';
import type { DeliveryPage, WebhookSubscription } from '../../types.ts';
import { AdminPage } from '../admin-page.tsx';
import { AppEmailApi } from '../email-api/app-email-api.tsx';

function when(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleString() : '—';
}

/** The webhooks the app subscribed to: in its descriptor, or registered through the API. */
function Subscriptions({ base }: { base: string }) {
  const subscriptions = useLoaded(() => callApi<WebhookSubscription[]>('GET', `${base}/webhooks`), [base]);
  return (
    <section class="card" aria-labelledby="subscriptions-heading">
      <h2 id="subscriptions-heading">Subscriptions</h2>
      <WhenLoaded loaded={subscriptions} what="subscriptions">
        {(list) =>
          list.length === 0 ? (
            <p>The app subscribed to no webhook.</p>
          ) : (
            <ul class="link-list">
              {list.map((s) => (
                <li key={`${s.source}-${s.webhookId ?? s.url}-${s.events.join()}`}>
                  <strong>{s.events.join(', ')}</strong> → <code>{s.url}</code>{' '}
                  <span class="muted">
                    (
                    {s.source === 'descriptor'
                      ? 'from the descriptor'
                      : `registered, expires ${when(s.expiresAt)}`}
                    )
                  </span>
                </li>
              ))}
            </ul>
          )
        }
      </WhenLoaded>
    </section>
  );
}

/** What Veil sent the app, newest first, with every attempt. */
function Deliveries({ base }: { base: string }) {
  const deliveries = useLoaded(
    () => callApi<DeliveryPage>('GET', `${base}/webhook-deliveries?maxResults=50`),
    [base],
  );
  return (
    <section class="card" aria-labelledby="deliveries-heading">
      <h2 id="deliveries-heading">Deliveries</h2>
      <WhenLoaded loaded={deliveries} what="deliveries">
        {(page) =>
          page.values.length === 0 ? (
            <p>Nothing was sent to the app yet.</p>
          ) : (
            <table class="people">
              <caption>{page.total} deliveries, newest first</caption>
              <ColumnHeads names={['Event', 'Status', 'Created', 'Attempts']} />
              <tbody>
                {page.values.map((d) => (
                  <tr key={d.deliveryId}>
                    <td data-label="Event">
                      {d.event} <span class="muted">{d.accountId}</span>
                    </td>
                    <td data-label="Status">
                      {d.status}
                      {d.lastError ? <span class="muted"> ({d.lastError})</span> : null}
                    </td>
                    <td data-label="Created">{when(d.createdAt)}</td>
                    <td data-label="Attempts">
                      <ol class="attempts">
                        {d.attempts.map((a) => (
                          <li key={a.attempt}>
                            {when(a.attemptedAt)}: {a.outcome}
                            {a.responseStatus !== null ? ` (HTTP ${a.responseStatus})` : ''}
                            {a.error ? ` — ${a.error}` : ''}
                          </li>
                        ))}
                      </ol>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </WhenLoaded>
    </section>
  );
}

/** One app on a site: its Email API standing, the webhooks it subscribed to, every delivery with each attempt. */
export function AppWebhooks({ siteId, appKey }: { siteId: string; appKey: string }) {
  const base = apiPath`/veil/v1/sites/${siteId}/apps/${appKey}`;
  const [notice, setNotice] = useState<Notice>(null);
  return (
    <AdminPage
      title={`App: ${appKey}`}
      intro={`On the site ${siteId}: its Email API access, what it subscribed to, and what Veil sent it.`}
      back={{ href: `/admin/sites/${encodeURIComponent(siteId)}`, label: `Back to the site ${siteId}` }}
      notice={{ notice, id: 'app-notice' }}
    >
      <AppEmailApi appKey={appKey} report={setNotice} />
      <Subscriptions base={base} />
      <Deliveries base={base} />
    </AdminPage>
  );
}
