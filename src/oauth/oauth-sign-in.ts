/**
 * Where a 3LO access token is taken: only by the routes that say so (`config.oauthBearer`), which
 * check it themselves. Anywhere else (a site's own APIs, Veil's management API) it is a 401, as
 * Atlassian answers a 3LO token sent to a site's own URL; Connect's bearer tokens are not this method's.
 */
import type { FastifyRequest } from 'fastify';
import { notMine, type SignInAttempt, settled } from '../auth/authentication.ts';
import { VeilError } from '../errors/veil-error.ts';
import { tokenPrefix } from './oauth.model.ts';

const bearerPrefix = new RegExp(`^bearer ${tokenPrefix}`, 'i');

/** The sign-in method for 3LO access tokens (asked before Connect's bearer tokens). */
export function createOAuthBearerSignIn() {
  return function signInWithOAuthBearer(request: FastifyRequest): SignInAttempt {
    if (!bearerPrefix.test(request.headers.authorization ?? '')) return notMine;
    const config = request.routeOptions.config as { oauthBearer?: boolean } | undefined;
    if (config?.oauthBearer === true) return settled;
    throw new VeilError(
      'gateway.unauthorized',
      'A 3LO access token is taken only by the API gateway, not here',
    );
  };
}
