import { callApi, rememberCsrfToken } from './api.ts';
import type { Me, Session } from './types.ts';

/** Who is signed in: their session and their own account. */
export interface SignedIn {
  readonly session: Session;
  readonly me: Me;
}

/** The current session and account, or null when the cookie signs nobody in. */
export async function loadSignedIn(): Promise<SignedIn | { signedOut: 'none' | 'expired' }> {
  try {
    const session = await callApi<Session>('GET', '/veil/v1/sessions/current');
    rememberCsrfToken(session.csrfToken);
    const me = await callApi<Me>('GET', '/veil/v1/me');
    return { session, me };
  } catch (error) {
    rememberCsrfToken(null);
    const code = (error as { code?: string }).code;
    return { signedOut: code === 'auth.session_expired' ? 'expired' : 'none' };
  }
}

/** Signs in with an email and API token; the cookie is set by Veil, HttpOnly. */
export async function signIn(email: string, apiToken: string): Promise<SignedIn> {
  const session = await callApi<Session>('POST', '/veil/v1/sessions', { email, apiToken });
  rememberCsrfToken(session.csrfToken);
  const me = await callApi<Me>('GET', '/veil/v1/me');
  return { session, me };
}

/** Ends the session. */
export async function signOut(): Promise<void> {
  await callApi<void>('DELETE', '/veil/v1/sessions/current');
  rememberCsrfToken(null);
}

/** Whether the person administers anything the admin console shows. */
export function isAdmin(me: Me): boolean {
  return me.roles.platformAdmin || me.roles.organizationAdmin.length > 0 || me.roles.siteAdmin.length > 0;
}

/** Whether the person asked for their account to be deleted and waits: only "Your data" is open to them. */
export function isWaitingForDeletion(me: Me): boolean {
  return me.status === 'deletion-requested';
}
