import { useState } from 'preact/hooks';
import { apiPath, callApi, describeFailure } from '../../api.ts';
import { useLoaded } from '../../loaded.ts';
import { type Notice, WhenLoaded } from '../../messages.tsx';
import type { EmailApiStanding } from '../../types.ts';
import { emailApiStatusLabels } from './email-api-admin.tsx';

/** An app's standing with the Email API, and the application a site admin sends with its use cases. */
export function AppEmailApi({ appKey, report }: { appKey: string; report: (notice: Notice) => void }) {
  const path = apiPath`/veil/v1/apps/${appKey}/email-api`;
  const standing = useLoaded(() => callApi<EmailApiStanding>('GET', path), [path]);
  const [useCases, setUseCases] = useState('');
  const apply = async (event: Event) => {
    event.preventDefault();
    const cases = useCases
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    if (cases.length === 0)
      return report({ kind: 'error', text: 'Write at least one use case, one per line.' });
    try {
      await callApi('PUT', path, { useCases: cases });
      setUseCases('');
      report({ kind: 'success', text: `Applied for the Email API for ${appKey}; a platform admin decides.` });
      standing.reload();
    } catch (error) {
      report({ kind: 'error', text: `Not applied: ${describeFailure(error)}.` });
    }
  };
  return (
    <section class="card" aria-labelledby="email-api-heading">
      <h2 id="email-api-heading">Email API</h2>
      <WhenLoaded loaded={standing} what="the Email API standing">
        {(current) => (
          <>
            <p>
              <strong>
                {current.status ? emailApiStatusLabels[current.status] : 'The app has not applied.'}
              </strong>
              {current.reason ? <span class="muted"> — {current.reason}</span> : null}
            </p>
            {current.useCases.length > 0 ? (
              <ul aria-label="Use cases applied for">
                {current.useCases.map((useCase) => (
                  <li key={useCase}>{useCase}</li>
                ))}
              </ul>
            ) : null}
            {current.status !== 'approved' ? (
              <form onSubmit={(event) => void apply(event)} noValidate>
                <div class="form-row">
                  <label for="use-cases">Use cases, one per line</label>
                  <textarea
                    id="use-cases"
                    rows={3}
                    value={useCases}
                    onInput={(e) => setUseCases(e.currentTarget.value)}
                  />
                </div>
                <button type="submit" class="secondary">
                  Apply for the Email API
                </button>
              </form>
            ) : null}
          </>
        )}
      </WhenLoaded>
    </section>
  );
}
