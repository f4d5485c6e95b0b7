import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { describeFailure } from './api.ts';
import { Link, useLocationPath } from './router.tsx';
import { isAdmin, isWaitingForDeletion, type SignedIn, signOut } from './session.ts';

function NavLink({ href, children }: { href: string; children: ComponentChildren }) {
  const path = useLocationPath();
  const current = href === '/admin' ? path.startsWith('/admin') : path === href;
  return (
    <li>
      <Link href={href} aria-current={current ? 'page' : undefined}>
        {children}
      </Link>
    </li>
  );
}

/** The frame of every page: skip link, header with the navigation and sign-out, and the main region. */
export function Layout({
  who,
  onSignedOut,
  children,
}: {
  who: SignedIn | null;
  onSignedOut: () => void;
  children: ComponentChildren;
}) {
  const [problem, setProblem] = useState<string | null>(null);
  const leave = async () => {
    try {
      await signOut();
      onSignedOut();
    } catch (error) {
      setProblem(describeFailure(error));
    }
  };
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="top">
        <span class="brand">Veil</span>
        {who ? (
          <nav aria-label="Main">
            <ul>
              {isWaitingForDeletion(who.me) ? null : (
                <>
                  <NavLink href="/profile">Profile and visibility</NavLink>
                  <NavLink href="/preview">Preview as</NavLink>
                  <NavLink href="/tokens">API tokens</NavLink>
                  <NavLink href="/connected-apps">Connected apps</NavLink>
                </>
              )}
              <NavLink href="/privacy">Your data</NavLink>
              {isAdmin(who.me) && !isWaitingForDeletion(who.me) ? (
                <NavLink href="/admin">Admin console</NavLink>
              ) : null}
            </ul>
          </nav>
        ) : null}
        {who ? (
          <div class="who">
            <span class="who-name">{who.me.profile.displayName}</span>
            <button type="button" class="secondary" onClick={() => void leave()}>
              Sign out
            </button>
          </div>
        ) : null}
      </header>
      {problem ? (
        <p class="notice error" role="alert">
          {problem}
        </p>
      ) : null}
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
