import { apiPath, callApi } from '../../api.ts';
import { ColumnHeads } from '../../column-heads.tsx';
import { useLoaded } from '../../loaded.ts';
import { Failure } from '../../messages.tsx';
import type { ErasureReport } from '../../types.ts';
import { LoadedAdminPage } from '../admin-page.tsx';

function when(iso: string): string {
  return new Date(iso).toLocaleString();
}

/** The proof of one erasure: what each table lost, where the scan looked, which apps were told. */
export function ErasureReportPage({ accountId }: { accountId: string }) {
  const report = useLoaded(
    () => callApi<ErasureReport>('GET', apiPath`/veil/v1/accounts/${accountId}/erasure-report`),
    [accountId],
  );
  return (
    <LoadedAdminPage
      title={`Erasure of ${accountId}`}
      intro="The proof that the account's personal data is gone. It holds no personal data itself."
      loaded={report}
      what="the report"
    >
      {(r) => (
        <>
          <section class="card" aria-labelledby="outcome-heading">
            <h2 id="outcome-heading">
              {r.clean ? 'Clean: none of the erased values remains' : 'Not clean: see below'}
            </h2>
            <dl class="facts">
              <dt>Requested</dt>
              <dd>
                {when(r.requestedAt)} by {r.requestedBy.role}
                {r.requestedBy.accountId ? ` (${r.requestedBy.accountId})` : ''}
              </dd>
              <dt>Due</dt>
              <dd>{when(r.dueAt)}</dd>
              <dt>Carried out</dt>
              <dd>
                {when(r.startedAt)} to {when(r.completedAt)}, in {r.attempts} attempt(s)
              </dd>
              <dt>Scan</dt>
              <dd>
                {r.scan.valuesSearched} values searched in {r.scan.columns} columns of {r.scan.tables} tables;{' '}
                {r.scan.matches.length === 0
                  ? 'found nowhere'
                  : `found in ${r.scan.matches.map((m) => `${m.table}.${m.column}`).join(', ')}`}
              </dd>
              <dt>On disk</dt>
              <dd>
                {r.rewrite.completedAt
                  ? `${r.rewrite.tables.join(', ')} rewritten ${when(r.rewrite.completedAt)}: the old rows are gone from the data files (write-ahead logs and backups keep them until recycled)`
                  : `${r.rewrite.tables.join(', ')} to be rewritten within a minute, so the old rows leave the data files`}
              </dd>
              <dt>Apps told</dt>
              <dd>
                {r.appsNotified.length === 0
                  ? 'none installed'
                  : r.appsNotified.map((a) => `${a.appKey} on ${a.siteId}`).join(', ')}
              </dd>
              <dt>Apps answered “closed”</dt>
              <dd>
                {r.appsAnsweredClosed.length === 0
                  ? 'none yet'
                  : r.appsAnsweredClosed.map((a) => `${a.appKey} (${when(a.answeredAt)})`).join(', ')}
              </dd>
            </dl>
          </section>
          <section class="card" aria-labelledby="tables-heading">
            <h2 id="tables-heading">Tables</h2>
            {r.unreviewedTables.length > 0 ? (
              <Failure>Tables without an erasure policy: {r.unreviewedTables.join(', ')}</Failure>
            ) : null}
            <table class="people">
              <caption class="visually-hidden">What the erasure did to each table</caption>
              <ColumnHeads names={['Table', 'Done', 'Rows', 'Why kept']} />
              <tbody>
                {r.tables.map((t) => (
                  <tr key={t.table}>
                    <td data-label="Table">
                      <code>{t.table}</code>
                    </td>
                    <td data-label="Done">{t.action}</td>
                    <td data-label="Rows">{t.rows}</td>
                    <td data-label="Why kept">{t.reason ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
    </LoadedAdminPage>
  );
}
