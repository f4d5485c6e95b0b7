import { useState } from 'preact/hooks';
import { callApi, describeFailure, noneWhen } from '../api.ts';
import { useLoaded } from '../loaded.ts';
import { type Notice, NoticeLine, WhenLoaded } from '../messages.tsx';
import { Page } from '../page.tsx';
import { isWaitingForDeletion } from '../session.ts';
import type { Deletion, Me } from '../types.ts';
import { AccessLogSection, AppsHoldingDataSection, ExportSection } from './privacy-sections.tsx';

function day(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'long', timeStyle: 'short' });
}

const requesters: Record<Deletion['requestedBy']['role'], string> = {
  self: 'you',
  'organization-admin': 'an admin of the organization that manages your account',
  'platform-admin': 'a platform admin',
  scenario: 'the scenario Veil was started with',
  'erasure-ledger': 'Veil, which erased your account again after a backup was restored',
};

/** Asking for deletion: what it does first, then an explicit confirmation. */
function RequestDeletion({ me, onDone }: { me: Me; onDone: (notice: Notice) => void }) {
  const [asking, setAsking] = useState(false);
  const [understood, setUnderstood] = useState(false);
  const request = async () => {
    try {
      const deletion = await callApi<Deletion>('POST', '/veil/v1/me/deletion');
      onDone({
        kind: 'success',
        text: `Your account will be deleted on ${day(deletion.eraseAt)}. You can cancel until then.`,
      });
    } catch (error) {
      onDone({ kind: 'error', text: `Not requested: ${describeFailure(error)}. Nothing was changed.` });
    }
  };
  if (!asking) {
    return (
      <button type="button" class="danger" onClick={() => setAsking(true)}>
        Delete my account…
      </button>
    );
  }
  return (
    <div class="confirm">
      <h3>Before you go</h3>
      <ul>
        <li>
          Your account is deactivated at once: you can no longer use any site, and apps see you as inactive.
        </li>
        <li>
          After the grace period every piece of your personal data is erased, for good, and you appear as
          “Former user”.
        </li>
        <li>
          Until then you can sign in here and cancel. Your email address {me.profile.email ?? ''} stays taken
          meanwhile.
        </li>
      </ul>
      <div class="check">
        <input
          type="checkbox"
          id="deletion-understood"
          checked={understood}
          onChange={(e) => setUnderstood(e.currentTarget.checked)}
        />
        <label for="deletion-understood">I understand that my data will be erased</label>
      </div>
      <div class="buttons">
        <button type="button" class="danger" disabled={!understood} onClick={() => void request()}>
          Delete my account
        </button>
        <button type="button" class="secondary" onClick={() => setAsking(false)}>
          Keep my account
        </button>
      </div>
    </div>
  );
}

/** Your data: the deletion of your account, asked for or cancelled here. */
export function PrivacyPage({ me, onAccountChanged }: { me: Me; onAccountChanged: () => void }) {
  const deletion = useLoaded(
    () => callApi<Deletion>('GET', '/veil/v1/me/deletion').catch(noneWhen('deletion.not_found')),
    [],
  );
  const [notice, setNotice] = useState<Notice>(null);
  const changed = (next: Notice) => {
    setNotice(next);
    deletion.reload();
    onAccountChanged();
  };
  const cancel = async () => {
    try {
      await callApi<Deletion>('DELETE', '/veil/v1/me/deletion');
      changed({ kind: 'success', text: 'Cancelled: your account is kept, as it was.' });
    } catch (error) {
      setNotice({ kind: 'error', text: `Not cancelled: ${describeFailure(error)}.` });
    }
  };
  return (
    <Page title="Your data" intro="What Veil holds about you, who read it, and what happens to it.">
      <NoticeLine notice={notice} id="privacy-notice" />
      <ExportSection />
      {isWaitingForDeletion(me) ? null : (
        <>
          <AccessLogSection />
          <AppsHoldingDataSection />
        </>
      )}
      <section class="card" aria-labelledby="deletion-heading">
        <h2 id="deletion-heading">Delete your account</h2>
        <WhenLoaded loaded={deletion} what="your deletion request">
          {(current) =>
            current !== 'none' && current.status === 'pending' ? (
              <>
                <p class="notice info">
                  Your account will be deleted on <strong>{day(current.eraseAt)}</strong>, as{' '}
                  {requesters[current.requestedBy.role]} asked on {day(current.requestedAt)}. Until then it is
                  deactivated.
                </p>
                <button type="button" onClick={() => void cancel()}>
                  Cancel the deletion
                </button>
              </>
            ) : (
              <>
                {current !== 'none' && current.status === 'cancelled' && current.cancelledAt ? (
                  <p class="muted">
                    A deletion asked for on {day(current.requestedAt)} was cancelled on{' '}
                    {day(current.cancelledAt)}.
                  </p>
                ) : null}
                <p>
                  Deleting your account erases your profile, your settings, your tokens and your memberships
                  on every site.
                </p>
                <RequestDeletion me={me} onDone={changed} />
              </>
            )
          }
        </WhenLoaded>
      </section>
    </Page>
  );
}
