import { useState } from 'preact/hooks';
import { describeFailure } from '../api.ts';
import { NoticeLine } from '../messages.tsx';
import { Page } from '../page.tsx';
import { type SignedIn, signIn } from '../session.ts';

/** The two things a person signs in with: their email address and one of their API tokens. */
function CredentialInputs({
  email,
  token,
  onEmail,
  onToken,
}: {
  email: string;
  token: string;
  onEmail: (email: string) => void;
  onToken: (token: string) => void;
}) {
  return (
    <>
      <div class="form-row">
        <label for="sign-in-email">Email address</label>
        <input
          id="sign-in-email"
          name="email"
          type="email"
          autoComplete="username"
          required
          value={email}
          onInput={(event) => onEmail(event.currentTarget.value)}
        />
      </div>
      <div class="form-row">
        <label for="sign-in-token">API token</label>
        <input
          id="sign-in-token"
          name="apiToken"
          type="password"
          autoComplete="current-password"
          required
          value={token}
          onInput={(event) => onToken(event.currentTarget.value)}
        />
      </div>
    </>
  );
}

/**
 * Where to go once signed in, when the address says (`?returnTo=`): only back to an app's authorization
 * request (`/authorize?…`, server-rendered), never anywhere else, so the link cannot send anyone away.
 */
function returnAddress(): string | null {
  const returnTo = new URLSearchParams(window.location.search).get('returnTo');
  return returnTo?.startsWith('/authorize?') ? returnTo : null;
}

/** Sign-in with an email and an API token; Veil sets an HttpOnly session cookie. */
export function SignInPage({
  expired,
  onSignedIn,
}: {
  expired: boolean;
  onSignedIn: (who: SignedIn) => void;
}) {
  const [email, setEmail] = useState('');
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (email.trim() === '' || token === '') {
      setProblem('Enter your email address and your API token.');
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const who = await signIn(email.trim(), token);
      const returnTo = returnAddress();
      if (returnTo) window.location.assign(returnTo);
      else onSignedIn(who);
    } catch (error) {
      setProblem(describeFailure(error));
      setBusy(false);
    }
  };

  return (
    <Page title="Sign in to Veil" intro="Sign in with your email address and one of your API tokens.">
      {expired ? (
        <p class="notice info" role="status">
          Your session has expired. Sign in again to go on.
        </p>
      ) : null}
      <form
        class="card narrow"
        onSubmit={(event) => void submit(event)}
        aria-describedby="sign-in-help"
        noValidate
      >
        <CredentialInputs email={email} token={token} onEmail={setEmail} onToken={setToken} />
        <p id="sign-in-help" class="hint">
          Veil has no passwords: an API token is the secret you sign in with. An admin can issue you one.
        </p>
        <NoticeLine notice={problem ? { kind: 'error', text: problem } : null} />
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </Page>
  );
}
