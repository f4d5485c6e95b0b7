import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { AdminRoutes } from './admin/admin-routes.tsx';
import { callApi, whenSessionEnds } from './api.ts';
import { Layout } from './layout.tsx';
import { Loading } from './messages.tsx';
import { ConfirmEmailPage } from './pages/confirm-email.tsx';
import { ConnectedAppsPage } from './pages/connected-apps.tsx';
import { PreviewPage } from './pages/preview.tsx';
import { PrivacyPage } from './pages/privacy.tsx';
import { ProfilePage } from './pages/profile.tsx';
import { SignInPage } from './pages/sign-in.tsx';
import { TokensPage } from './pages/tokens.tsx';
import { navigate, useLocationPath } from './router.tsx';
import { isAdmin, isWaitingForDeletion, loadSignedIn, type SignedIn } from './session.ts';
import type { Me } from './types.ts';
import './styles.css';

const confirmEmailPath = '/confirm-email';

type State =
  | { kind: 'loading' }
  | { kind: 'signed-out'; expired: boolean }
  | { kind: 'signed-in'; who: SignedIn };

/** Who is signed in, loaded once; a session found gone on any request signs the page out. */
function useSignInState() {
  const [state, setState] = useState<State>({ kind: 'loading' });
  useEffect(() => {
    whenSessionEnds(() => setState({ kind: 'signed-out', expired: true }));
    void loadSignedIn().then((result) =>
      setState(
        'signedOut' in result
          ? { kind: 'signed-out', expired: result.signedOut === 'expired' }
          : { kind: 'signed-in', who: result },
      ),
    );
  }, []);
  return [state, setState] as const;
}

/** Sends the browser to the page its state allows: sign-in, "Your data" while a deletion waits, the profile. */
function useRedirects(state: State, path: string) {
  useEffect(() => {
    // The link mailed to a new address works whether or not its browser is signed in.
    if (path === confirmEmailPath) return;
    if (state.kind === 'signed-out' && path !== '/sign-in') navigate('/sign-in', true);
    if (state.kind === 'signed-in' && isWaitingForDeletion(state.who.me) && path !== '/privacy')
      navigate('/privacy', true);
    else if (state.kind === 'signed-in' && (path === '/' || path === '/sign-in')) navigate('/profile', true);
  }, [state, path]);
}

/** The page a signed-in person sees at `path`. */
function SignedInPage({
  who,
  path,
  refreshMe,
  reloadMe,
}: {
  who: SignedIn;
  path: string;
  refreshMe: (me: Me) => void;
  reloadMe: () => void;
}) {
  if (path === confirmEmailPath) return <ConfirmEmailPage signedIn onConfirmed={reloadMe} />;
  if (isWaitingForDeletion(who.me) || path === '/privacy')
    return <PrivacyPage me={who.me} onAccountChanged={reloadMe} />;
  if (path === '/preview') return <PreviewPage me={who.me} />;
  if (path === '/tokens') return <TokensPage />;
  if (path === '/connected-apps') return <ConnectedAppsPage />;
  if (path.startsWith('/admin') && isAdmin(who.me)) return <AdminRoutes path={path} me={who.me} />;
  return <ProfilePage me={who.me} onChanged={refreshMe} />;
}

function App() {
  const path = useLocationPath();
  const [state, setState] = useSignInState();
  useRedirects(state, path);

  if (state.kind === 'loading') return <Loading what="Veil" />;
  if (state.kind === 'signed-out' && path === confirmEmailPath) {
    return (
      <Layout who={null} onSignedOut={() => {}}>
        <ConfirmEmailPage signedIn={false} onConfirmed={() => {}} />
      </Layout>
    );
  }
  if (state.kind === 'signed-out') {
    return (
      <Layout who={null} onSignedOut={() => {}}>
        <SignInPage expired={state.expired} onSignedIn={(who) => setState({ kind: 'signed-in', who })} />
      </Layout>
    );
  }
  const { who } = state;
  const refreshMe = (me: SignedIn['me']) => setState({ kind: 'signed-in', who: { ...who, me } });
  const reloadMe = () => void callApi<Me>('GET', '/veil/v1/me').then(refreshMe, () => {});
  return (
    <Layout who={who} onSignedOut={() => setState({ kind: 'signed-out', expired: false })}>
      <SignedInPage who={who} path={path} refreshMe={refreshMe} reloadMe={reloadMe} />
    </Layout>
  );
}

const root = document.getElementById('app');
if (root) {
  root.textContent = '';
  render(<App />, root);
}
