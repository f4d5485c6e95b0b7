import type { FastifyRequest } from 'fastify';
import { maySignIn } from '../accounts/accounts.model.ts';
import { isSiteApi, routeAllowsPendingDeletion } from '../auth/authentication.ts';
import type { PersonCaller } from '../auth/caller.ts';
import type { Directory, DirectoryEntry } from '../directory/directory.ts';
import { VeilError } from '../errors/veil-error.ts';

/**
 * Whether a person may use a site's own APIs (the tracker's and the wiki's): not where its admin
 * deactivated them on that site, as the one decision's `statusOnSite` has it (`null`: no site, the
 * account's own status). Veil's management API (`/veil/`) belongs to the account and stays open,
 * whatever host it is called on.
 */
export function maySignInOnSite(
  directory: Directory,
  entry: DirectoryEntry | undefined,
  siteId: string | null,
  allowsPendingDeletion = false,
): boolean {
  return entry !== undefined && maySignIn(directory.statusOn(entry, siteId), allowsPendingDeletion);
}

/**
 * Refuses, as a failed sign-in, a person that the site's admin deactivated, on that site's APIs
 * (`entry`: the person's, as the sign-in read it).
 */
export function assertOpenOnSite(
  request: FastifyRequest,
  directory: Directory,
  entry: DirectoryEntry | undefined,
): void {
  if (!isSiteApi(request)) return;
  const siteId = request.site?.id ?? null;
  if (maySignInOnSite(directory, entry, siteId, routeAllowsPendingDeletion(request))) return;
  // Whatever the credential (token, session, an app's bearer token), the same words as a failed sign-in.
  throw new VeilError(
    'auth.invalid_credentials',
    'The credentials do not match an account that may use this site',
  );
}

/** `assertOpenOnSite` for a caller whose entry the sign-in did not read (read only on a site's APIs). */
export async function assertCallerOpenOnSite(
  request: FastifyRequest,
  directory: Directory,
  caller: PersonCaller,
): Promise<void> {
  if (!isSiteApi(request)) return;
  assertOpenOnSite(request, directory, await directory.entry(caller.account.accountId));
}
