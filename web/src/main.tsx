import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { AdminRoutes } from './admin/admin-routes.tsx';
import { callApi, whenSessionEnds } from './api.ts';
import { Layout } from './layout.tsx';
import { Loading } from './messages.tsx';
import { ConfirmEmailPage } from './pages/confirm-email.tsx';
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

function App() {
  const path = useLocationPath();
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

  useEffect(() => {
    // The link mailed to a new address works whether or not its browser is signed in.
    if (path === confirmEmailPath) return;
    if (state.kind === 'signed-out' && path !== '/sign-in') navigate('/sign-in', true);
    if (state.kind === 'signed-in' && isWaitingForDeletion(state.who.me) && path !== '/privacy')
      navigate('/privacy', true);
    else if (state.kind === 'signed-in' && (path === '/' || path === '/sign-in')) navigate('/profile', true);
  }, [state, path]);

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
  const privacy = <PrivacyPage me={who.me} onAccountChanged={reloadMe} />;
  return (
    <Layout who={who} onSignedOut={() => setState({ kind: 'signed-out', expired: false })}>
      {path === confirmEmailPath ? (
        <ConfirmEmailPage signedIn onConfirmed={reloadMe} />
      ) : isWaitingForDeletion(who.me) || path === '/privacy' ? (
        privacy
      ) : path === '/preview' ? (
        <PreviewPage me={who.me} />
      ) : path === '/tokens' ? (
        <TokensPage />
      ) : path.startsWith('/admin') && isAdmin(who.me) ? (
        <AdminRoutes path={path} me={who.me} />
      ) : (
        <ProfilePage me={who.me} onChanged={refreshMe} />
      )}
    </Layout>
  );
}

const root = document.getElementById('app');
if (root) {
  root.textContent = '';
  render(<App />, root);
}
