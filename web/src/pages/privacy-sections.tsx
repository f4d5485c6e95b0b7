import { callApi } from '../api.ts';
import { ColumnHeads } from '../column-heads.tsx';
import { useLoaded } from '../loaded.ts';
import { WhenLoaded } from '../messages.tsx';
import { type AccessLog, type AppsHoldingYourData as AppsHoldingData, fieldLabels } from '../types.ts';

/** Everything Veil holds about you, as one JSON file (a plain link: the browser downloads it with your session). */
export function ExportSection() {
  return (
    <section class="card" aria-labelledby="export-heading">
      <h2 id="export-heading">Download your data</h2>
      <p>
        One JSON file with everything Veil holds about you: profile, settings, sites and groups, token labels,
        which apps reported storing your data, and your access log. Nothing about anyone else.
      </p>
      <a class="button-link" href="/veil/v1/me/export" download="veil-my-data.json">
        Download your data (JSON)
      </a>
    </section>
  );
}

/** Who read the fields you did not make public, and which apps were shown your profile, per day. */
export function AccessLogSection() {
  const log = useLoaded(() => callApi<AccessLog>('GET', '/veil/v1/me/access-log'), []);
  return (
    <section class="card" aria-labelledby="access-heading">
      <h2 id="access-heading">Who read your data</h2>
      <WhenLoaded loaded={log} what="your access log">
        {(value) => (
          <>
            <h3>Fields you did not make public</h3>
            {value.fieldReads.length === 0 ? (
              <p>Nobody read a field of yours that is not public.</p>
            ) : (
              <table class="people">
                <caption class="visually-hidden">
                  Reads of your fields that are not public, newest first
                </caption>
                <ColumnHeads names={['When', 'Who', 'What', 'Site']} />
                <tbody>
                  {value.fieldReads.map((read) => (
                    <tr key={`${read.readAt}-${read.reader.id}-${read.field}`}>
                      <td data-label="When">{new Date(read.readAt).toLocaleString()}</td>
                      <td data-label="Who">
                        {read.reader.name}{' '}
                        <span class="muted">
                          ({read.reader.kind === 'app' ? `app ${read.reader.id}` : 'an admin'})
                        </span>
                      </td>
                      <td data-label="What">{fieldLabels[read.field] ?? read.field}</td>
                      <td data-label="Site">{read.siteId ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <h3>Apps shown your profile</h3>
            {value.profileReads.length === 0 ? (
              <p>No app was shown your profile.</p>
            ) : (
              <ul class="link-list">
                {value.profileReads.map((read) => (
                  <li key={`${read.day}-${read.appKey}`}>
                    {read.day}: <strong>{read.appName}</strong> <span class="muted">({read.appKey})</span>,{' '}
                    {read.reads} time(s)
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </WhenLoaded>
    </section>
  );
}

/** The apps that reported storing your data in the current reporting cycle. */
export function AppsHoldingDataSection() {
  const apps = useLoaded(() => callApi<AppsHoldingData>('GET', '/veil/v1/me/apps'), []);
  const value = apps.value;
  return (
    <section class="card" aria-labelledby="apps-holding-heading">
      <h2 id="apps-holding-heading">Apps holding your data</h2>
      <WhenLoaded loaded={apps} what="the apps">
        {(value) =>
          value.apps.length === 0 ? (
            <p>No app reported storing your data in this reporting cycle ({value.cyclePeriod}).</p>
          ) : (
            <ul class="link-list">
              {value.apps.map((app) => (
                <li key={app.appKey}>
                  <strong>{app.name}</strong> <span class="muted">({app.appKey})</span>: reported since{' '}
                  {new Date(app.firstReportedAt).toLocaleDateString()}, last on{' '}
                  {new Date(app.lastReportedAt).toLocaleDateString()}
                </li>
              ))}
            </ul>
          )
        }
      </WhenLoaded>
      <p class="hint">
        Apps must tell Veil every {value?.cyclePeriod ?? 'cycle'} which accounts they store, and erase those
        Veil says were deleted.
      </p>
    </section>
  );
}
