import type { FastifyRequest } from 'fastify';
import type { Directory } from '../directory/directory.ts';
import { VeilError } from '../errors/veil-error.ts';
import type { Site } from '../sites/sites.model.ts';
import { requireSiteAccess } from '../user-api/request-context.ts';

/**
 * The site a wiki request is for, after the tracker's site and access check, on a site that hosts the
 * wiki, by a caller who may use it: anonymous callers where the site allows them, people with wiki
 * access on the site (the spec's 403 "does not have permission to use Confluence"), platform admins.
 */
export async function requireWikiAccess(request: FastifyRequest, directory: Directory): Promise<Site> {
  const site = await requireSiteAccess(request, directory);
  if (!site.products.includes('confluence')) {
    throw new VeilError('route.not_found', `The site ${site.id} does not host the wiki`);
  }
  const { caller } = request;
  if (caller.kind === 'person' && !caller.isPlatformAdmin) {
    const products = (await directory.entry(caller.account.accountId))?.links.get(site.id)?.products ?? [];
    if (!products.includes('confluence')) {
      throw new VeilError('auth.forbidden', 'You do not have permission to use the wiki on this site');
    }
  }
  return site;
}

/** The request's path and query relative to the wiki's base, for `_links.self`. */
export function pathUnderWiki(request: FastifyRequest): string {
  return request.url.startsWith('/wiki/') ? request.url.slice('/wiki'.length) : request.url;
}
