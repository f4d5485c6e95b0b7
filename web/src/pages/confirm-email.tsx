import { useState } from 'preact/hooks';
import { callApi, describeFailure } from '../api.ts';
import { Failure } from '../messages.tsx';
import { Page } from '../page.tsx';
import { Link } from '../router.tsx';
import type { EmailChangeConfirmed as Confirmed } from '../types.ts';

/** The token of the link, from the fragment (which no server sees); the address bar then forgets it. */
function takeToken(): string | null {
  const token = new URLSearchParams(window.location.hash.slice(1)).get('token');
  if (token) window.history.replaceState(null, '', window.location.pathname);
  return token;
}

/**
 * Where the link mailed to a new address leads. Opening it changes nothing: a button does, so a mail
 * scanner that opens links cannot confirm for anyone. Works signed in or not.
 */
export function ConfirmEmailPage({ signedIn, onConfirmed }: { signedIn: boolean; onConfirmed: () => void }) {
  const [token] = useState(takeToken);
  const [result, setResult] = useState<Confirmed | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const confirm = async () => {
    if (!token) return;
    try {
      setResult(await callApi<Confirmed>('POST', '/veil/v1/email-changes/confirm', { token }));
      setProblem(null);
      onConfirmed();
    } catch (error) {
      setProblem(describeFailure(error));
    }
  };

  const next = signedIn ? (
    <Link href="/profile">Go to your profile</Link>
  ) : (
    <Link href="/sign-in">Sign in</Link>
  );
  return (
    <Page title="Confirm your new email address">
      {problem ? <Failure>Not confirmed: {problem}</Failure> : null}
      {result ? (
        <section class="card" aria-labelledby="confirmed-heading">
          <h2 id="confirmed-heading">Your email address is now {result.email}</h2>
          <p id="confirmed-organization">
            {result.managedBy
              ? `${result.managedBy.name} now manages your account: its domain holds your new address.`
              : 'No organization manages your account: it is a personal account.'}
          </p>
          <p>{next}</p>
        </section>
      ) : token ? (
        <section class="card">
          <p>Confirm that this address is yours. Until you do, your account keeps its old address.</p>
          <p>
            <button type="button" onClick={() => void confirm()}>
              Confirm your new email address
            </button>
          </p>
        </section>
      ) : (
        <section class="card">
          <p>This page needs the whole link from the mail. Open the link again, or ask for a new one.</p>
          <p>{next}</p>
        </section>
      )}
    </Page>
  );
}
