import type { FastifyRequest } from 'fastify';

/** The base URL links in a response start with: the site's, or the address the request came to. */
export function baseUrlOf(request: FastifyRequest): string {
  return request.site?.baseUrl ?? `${request.protocol}://${request.host}`;
}
