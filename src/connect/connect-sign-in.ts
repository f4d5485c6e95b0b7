import type { FastifyReply, FastifyRequest } from 'fastify';
import { notMine, type SignInAttempt } from '../auth/authentication.ts';
import type { Config } from '../config/config.ts';
import { checkCredential } from '../credentials/credential-attempts.ts';
import { assertCallerOpenOnSite } from '../credentials/sign-in-rules.ts';
import type { StoreDeps } from '../db/schema.ts';
import type { Directory } from '../directory/directory.ts';
import type { AuthFailureLimiter } from '../rate-limits/auth-failures.ts';
import { authenticateConnectRequest, isConnectRequest } from './connect-auth.ts';
import { authenticateAccessToken } from './impersonation.service.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps extends StoreDeps {
  readonly config: Config;
  readonly directory: Directory;
  readonly authFailures: AuthFailureLimiter;
}

/** Sign-in of a Connect app with its install's JWT (`Authorization: JWT …` or `?jwt=`). */
export function createConnectJwtSignIn(deps: Deps) {
  return function signInWithConnectJwt(request: FastifyRequest, reply: FastifyReply): SignInAttempt {
    return isConnectRequest(request) ? authenticateApp(deps, request, reply) : notMine;
  };
}

/** Sign-in of an app acting for a person, with a bearer token it had from `/oauth2/token`. */
export function createBearerSignIn(deps: Deps) {
  return function signInWithBearer(request: FastifyRequest, reply: FastifyReply): SignInAttempt {
    const bearer = readBearerToken(request.headers.authorization);
    return bearer === undefined ? notMine : authenticateBearer(deps, request, reply, bearer);
  };
}

const bearerScheme = /^bearer /i;

/** The token of `Authorization: Bearer <token>`; undefined for other schemes (tested without a lower-cased copy). */
function readBearerToken(header: string | undefined): string | undefined {
  return header !== undefined && bearerScheme.test(header) ? header.slice(7).trim() : undefined;
}

async function authenticateApp(deps: Deps, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  request.caller = await checkCredential(deps, request, reply, null, () =>
    authenticateConnectRequest(deps, request),
  );
}

/** An app acting for a person with a bearer token from `/oauth2/token`. */
async function authenticateBearer(
  deps: Deps,
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
): Promise<void> {
  const caller = await checkCredential(deps, request, reply, null, () =>
    authenticateAccessToken(deps, token, request.site),
  );
  await assertCallerOpenOnSite(request, deps.directory, caller);
  request.caller = caller;
  reply.header('X-AAccountId', caller.account.accountId);
}
