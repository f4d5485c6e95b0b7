import type { LegacyUsageView as LegacyUsage } from '../../../../src/migration/legacy-usage.schemas.ts';
import { apiPath, callApi } from '../../api.ts';
import { ColumnHeads } from '../../column-heads.tsx';
import { useLoaded } from '../../loaded.ts';
import { WhenLoaded } from '../../messages.tsx';

const clientKinds = {
  'api-token': 'API token',
  session: 'Browser session',
  app: 'App',
  anonymous: 'Anonymous',
} as const;

/** Who still names users by username or key on the site: the clients that break when the window closes. */
export function SiteLegacyUsage({ siteId }: { siteId: string }) {
  const usage = useLoaded(
    () => callApi<LegacyUsage>('GET', apiPath`/veil/v1/sites/${siteId}/legacy-usage`),
    [siteId],
  );
  return (
    <section class="card" aria-labelledby="legacy-heading">
      <h2 id="legacy-heading">Legacy usage</h2>
      <WhenLoaded loaded={usage} what="legacy usage">
        {(value) =>
          value.clients.length === 0 ? (
            <p>No client named users by username or key on this site.</p>
          ) : (
            <>
              <p>
                {value.calls} call(s) named users by username or key; {value.refusedCalls} of them were
                refused.
                {value.stageNow === 'legacy' && value.deprecationEnds
                  ? ` They stop working on ${new Date(value.deprecationEnds).toLocaleDateString()}.`
                  : ''}
              </p>
              <table class="people">
                <caption class="visually-hidden">Clients that named users by username or key</caption>
                <ColumnHeads names={['Client', 'Calls', 'Refused', 'Last seen', 'Operations']} />
                <tbody>
                  {value.clients.map((client) => (
                    <tr key={`${client.kind}-${client.id}`}>
                      <td data-label="Client">
                        {clientKinds[client.kind]} <span class="muted">{client.id || '—'}</span>
                      </td>
                      <td data-label="Calls">{client.calls}</td>
                      <td data-label="Refused">{client.refusedCalls}</td>
                      <td data-label="Last seen">{new Date(client.lastSeen).toLocaleString()}</td>
                      <td data-label="Operations">
                        <ul class="attempts">
                          {client.operations.map((op) => (
                            <li key={op.operation}>
                              <code>{op.operation}</code>: {op.calls}
                            </li>
                          ))}
                        </ul>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )
        }
      </WhenLoaded>
    </section>
  );
}
