import type { FastifyRequest } from 'fastify';
import type { Directory, DirectoryEntry } from '../directory/directory.ts';
import { VeilError } from '../errors/veil-error.ts';
import type { Site } from '../sites/sites.model.ts';
import { isGatewayAddress, readGatewayPath } from './gateway-path.ts';
import type { IdentityContext } from './legacy-request.ts';

/** The tracker's answer for an account it does not know, or that the caller may not know of. */
export const userNotFoundMessage = 'Specified user does not exist or you do not have required permissions';

/**
 * Sets the request's site: through the API gateway, the one its address names by cloud id (none for an
 * unknown one); otherwise the one that answers for its host, else the default site, else none.
 */
export function createSiteResolver(directory: Directory) {
  return function resolveSite(request: FastifyRequest): void {
    if (isGatewayAddress(request.originalUrl)) {
      const cloudId = readGatewayPath(request.originalUrl)?.cloudId;
      request.site = cloudId === undefined ? null : (directory.siteForCloudId(cloudId) ?? null);
      return;
    }
    request.site = directory.siteForHost(request.host) ?? null;
  };
}

/** The tracker's 401 for a call without credentials. */
function notLoggedIn(): VeilError {
  return new VeilError('auth.required', 'You are not logged in. Sign in, or use an API token.');
}

/** Refuses anonymous callers (for operations that need a person or an app, even on an open site). */
export function requireSignedIn(request: FastifyRequest): void {
  if (request.caller.kind === 'anonymous') throw notLoggedIn();
}

/**
 * The site a tracker or wiki request is for, after checking that the caller may use it: anonymous
 * callers only where the site allows anonymous access, people only where they are linked to the site.
 */
export async function requireSiteAccess(request: FastifyRequest, directory: Directory): Promise<Site> {
  const site = request.site;
  if (!site) throw new VeilError('site.not_found', `No site answers for ${request.hostname}`);
  const { caller } = request;
  if (caller.kind === 'anonymous') {
    if (!site.anonymousAccess) throw notLoggedIn();
    return site;
  }
  if (caller.kind === 'app') {
    if (caller.siteId !== site.id)
      throw new VeilError('auth.forbidden', 'The app is not installed on this site');
    return site;
  }
  const linked = (await directory.entry(caller.account.accountId))?.links.has(site.id) ?? false;
  if (!linked && !caller.isPlatformAdmin) {
    throw new VeilError('auth.forbidden', 'You do not have access to this site');
  }
  return site;
}

/** An account of the site (linked to it), or the tracker's 404. */
export async function requireSiteAccount(
  directory: Directory,
  site: Site,
  accountId: string,
): Promise<DirectoryEntry> {
  const entry = await directory.entry(accountId);
  if (!entry?.links.has(site.id)) throw new VeilError('account.not_found', userNotFoundMessage);
  return entry;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The site that answers for the request's host (the default site otherwise); null when there is none. */
    site: Site | null;
    /** The migration period as this request sees it, once worked out (`identityContextOf`); else null. */
    identity: IdentityContext | null;
  }
}
