import { useState } from 'preact/hooks';
import { apiPath, callApi, describeFailure } from '../../api.ts';
import { useLoaded } from '../../loaded.ts';
import type { Notice } from '../../messages.tsx';
import type { EmailApiStanding } from '../../types.ts';
import { LoadedAdminPage } from '../admin-page.tsx';

export const emailApiStatusLabels: Record<string, string> = {
  pending: 'Waiting for a decision',
  approved: 'Approved: reads email addresses whatever their visibility; every read is recorded',
  rejected: 'Rejected',
};

function Decision({ standing, onDone }: { standing: EmailApiStanding; onDone: (notice: Notice) => void }) {
  const [reason, setReason] = useState('');
  const id = `reason-${standing.appKey}`;
  const decide = async (status: 'approved' | 'rejected') => {
    try {
      await callApi('POST', apiPath`/veil/v1/apps/${standing.appKey}/email-api/decision`, {
        status,
        ...(reason.trim() !== '' ? { reason: reason.trim() } : {}),
      });
      const verb =
        status === 'approved' ? 'Approved' : standing.status === 'approved' ? 'Revoked' : 'Rejected';
      onDone({ kind: 'success', text: `${verb} the Email API for ${standing.appKey}.` });
    } catch (error) {
      onDone({ kind: 'error', text: `Not decided: ${describeFailure(error)}. Nothing was changed.` });
    }
  };
  return (
    <div class="decision">
      <div class="form-row">
        <label for={id}>Reason (optional, shown to the app's admins)</label>
        <input id={id} type="text" value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
      </div>
      <span class="buttons">
        {standing.status !== 'approved' ? (
          <button type="button" onClick={() => void decide('approved')}>
            Approve<span class="visually-hidden"> {standing.appKey}</span>
          </button>
        ) : null}
        <button type="button" class="danger" onClick={() => void decide('rejected')}>
          {standing.status === 'approved' ? 'Revoke' : 'Reject'}
          <span class="visually-hidden"> {standing.appKey}</span>
        </button>
      </span>
    </div>
  );
}

/** Every application for the Email API (platform admins): use cases, who applied, and the decision. */
export function EmailApiAdmin() {
  const applications = useLoaded(
    () => callApi<EmailApiStanding[]>('GET', '/veil/v1/email-api/applications'),
    [],
  );
  const [notice, setNotice] = useState<Notice>(null);
  const done = (next: Notice) => {
    setNotice(next);
    applications.reload();
  };
  return (
    <LoadedAdminPage
      title="Email API applications"
      intro="An approved app reads people's email addresses whatever they chose; approve only use cases such as security alerts, never marketing."
      notice={{ notice, id: 'email-api-notice' }}
      loaded={applications}
      what="applications"
    >
      {(list) =>
        list.length === 0 ? (
          <p>No app has applied.</p>
        ) : (
          <ul class="applications">
            {list.map((standing) => (
              <li key={standing.appKey} class="card">
                <h2>{standing.appKey}</h2>
                <p>
                  <strong>{standing.status ? emailApiStatusLabels[standing.status] : 'Never applied'}</strong>
                  {standing.reason ? <span class="muted"> — {standing.reason}</span> : null}
                </p>
                <h3>Use cases</h3>
                <ul>
                  {standing.useCases.map((useCase) => (
                    <li key={useCase}>{useCase}</li>
                  ))}
                </ul>
                <p class="muted">
                  Applied {standing.appliedAt ? new Date(standing.appliedAt).toLocaleString() : '—'}
                  {standing.decidedAt ? `; decided ${new Date(standing.decidedAt).toLocaleString()}` : ''}
                </p>
                <Decision standing={standing} onDone={done} />
              </li>
            ))}
          </ul>
        )
      }
    </LoadedAdminPage>
  );
}
