import type { FastifyRequest } from 'fastify';
import { maySignIn } from '../accounts/accounts.model.ts';
import { isSiteApi, routeAllowsPendingDeletion } from '../auth/authentication.ts';
import type { PersonCaller } from '../auth/caller.ts';
import type { Directory } from '../directory/directory.ts';
import { VeilError } from '../errors/veil-error.ts';

/**
 * Whether a person may use a site's own APIs (the tracker's and the wiki's): not where its admin
 * deactivated them on that site, as the one decision's `statusOnSite` has it (`null`: no site, the
 * account's own status). Veil's management API (`/veil/`) belongs to the account and stays open,
 * whatever host it is called on.
 */
export function maySignInOnSite(
  directory: Directory,
  accountId: string,
  siteId: string | null,
  allowsPendingDeletion = false,
): boolean {
  const entry = directory.entry(accountId);
  return entry !== undefined && maySignIn(directory.statusOn(entry, siteId), allowsPendingDeletion);
}

/** Refuses, as a failed sign-in, a person that the site's admin deactivated, on that site's APIs. */
export function assertOpenOnSite(request: FastifyRequest, directory: Directory, caller: PersonCaller): void {
  if (!isSiteApi(request)) return;
  const siteId = request.site?.id ?? null;
  if (maySignInOnSite(directory, caller.account.accountId, siteId, routeAllowsPendingDeletion(request)))
    return;
  // Whatever the credential (token, session, an app's bearer token), the same words as a failed sign-in.
  throw new VeilError(
    'auth.invalid_credentials',
    'The credentials do not match an account that may use this site',
  );
}
