import { callApi } from '../../api.ts';
import { ColumnHeads } from '../../column-heads.tsx';
import { useLoaded } from '../../loaded.ts';
import type { ReportingOverview } from '../../types.ts';
import { LoadedAdminPage } from '../admin-page.tsx';

/** Personal-data reporting (platform admins): which installed apps report the accounts they store, and who is overdue. */
export function ReportingAdmin() {
  const overview = useLoaded(() => callApi<ReportingOverview>('GET', '/veil/v1/reporting/apps'), []);
  return (
    <LoadedAdminPage
      title="Personal-data reporting"
      intro="Apps must report the accounts they store once a cycle, and erase those Veil answers “closed”."
      loaded={overview}
      what="the reporting"
    >
      {(o) =>
        o.apps.length === 0 ? (
          <p>No app is installed.</p>
        ) : (
          <table class="people">
            <caption>Reporting cycle: {o.cyclePeriod}</caption>
            <ColumnHeads names={['App', 'Sites', 'Last report', 'Due by', 'Standing']} />
            <tbody>
              {o.apps.map((a) => (
                <tr key={a.appKey}>
                  <td data-label="App">
                    <span class="display-name">{a.name}</span> <span class="muted">{a.appKey}</span>
                  </td>
                  <td data-label="Sites">{a.sites}</td>
                  <td data-label="Last report">
                    {a.lastReportAt ? new Date(a.lastReportAt).toLocaleString() : 'never'}
                  </td>
                  <td data-label="Due by">{new Date(a.dueBy).toLocaleString()}</td>
                  <td data-label="Standing">
                    {a.overdue ? <span class="badge overdue">Overdue</span> : 'On time'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      }
    </LoadedAdminPage>
  );
}
