import type { FastifyRequest } from 'fastify';

/**
 * Request logs name the method and path only: query strings can carry emails and names, and
 * headers carry credentials, so neither is logged.
 */
export function createLoggerOptions(level: string) {
  return {
    level,
    serializers: {
      req: (request: FastifyRequest) => ({
        method: request.method,
        path: request.url.split('?')[0],
        id: request.id,
      }),
    },
  };
}
