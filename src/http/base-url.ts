import type { FastifyRequest } from 'fastify';

/** The base URL links in a response start with: the site's, or the address the request came to. */
export function baseUrlOf(request: FastifyRequest): string {
  return request.site?.baseUrl ?? `${request.protocol}://${request.host}`;
}

/** Names that always lead back to the machine they are opened on (RFC 6761 for `localhost`). */
function isLoopbackHostname(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    /^127(\.\d{1,3}){3}$/.test(hostname) ||
    hostname === '[::1]' ||
    hostname === '::1'
  );
}

/**
 * The origin of a link sent away from the request (a mailed link): the address the request came to when
 * Veil knows it as its own (this machine, or the host of the site that answered), else that site's base
 * URL (or, with no site, this machine). A client chooses its Host header, so a link built from any Host would send its secret wherever the
 * client liked.
 */
export function trustedOriginOf(request: FastifyRequest): string {
  const origin = `${request.protocol}://${request.host}`;
  if (isLoopbackHostname(request.hostname.toLowerCase())) return origin;
  const site = request.site;
  if (site && URL.canParse(site.baseUrl) && new URL(site.baseUrl).host === request.host.toLowerCase()) {
    return origin;
  }
  // No site at all answers here: this machine, at the port the request named.
  return site?.baseUrl ?? `${request.protocol}://localhost${request.port ? `:${request.port}` : ''}`;
}
