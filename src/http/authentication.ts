import type { FastifyReply, FastifyRequest } from 'fastify';
import { authenticateWithApiToken, findSessionAccount } from '../credentials/credentials.service.ts';
import { VeilError } from '../errors/veil-error.ts';
import { findSiteForHost } from '../sites/sites.service.ts';
import { anonymousCaller, callerForAccount } from './caller.ts';
import type { Dependencies } from './server.ts';

export const sessionCookieName = 'veil_session';

/** Parses `Authorization: Basic base64(email:token)`; undefined when the header is another scheme. */
export function parseBasicCredentials(
  header: string | undefined,
): { email: string; token: string } | undefined {
  if (!header?.toLowerCase().startsWith('basic ')) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return { email: decoded, token: '' };
  return { email: decoded.slice(0, colon), token: decoded.slice(colon + 1) };
}

/**
 * Resolves the site for the request's host and who is calling. Basic credentials that identify no
 * active account are refused at once; a stale session cookie just leaves the caller anonymous.
 */
export function createAuthenticationHook(deps: Dependencies) {
  return async function authenticate(request: FastifyRequest, reply: FastifyReply) {
    request.site = (await findSiteForHost(deps.db, request.host)) ?? null;
    request.caller = anonymousCaller;
    const basic = parseBasicCredentials(request.headers.authorization);
    if (basic) {
      const account = await authenticateWithApiToken(
        deps.db,
        deps.clock,
        basic.email,
        basic.token,
        request.site?.id ?? null,
      );
      if (!account)
        throw new VeilError(
          'auth.invalid_credentials',
          'The email and API token do not match an active account',
        );
      request.caller = await callerForAccount(deps.db, account);
      reply.header('X-AAccountId', account.accountId);
      return;
    }
    const sessionId = request.cookies[sessionCookieName];
    if (sessionId) {
      const account = await findSessionAccount(deps.db, deps.clock, sessionId);
      if (account) {
        request.caller = await callerForAccount(deps.db, account);
        reply.header('X-AAccountId', account.accountId);
      }
    }
  };
}
