import type { FastifyReply, FastifyRequest } from 'fastify';
import { findSessionAccount, hashSecret } from '../credentials/credentials.service.ts';
import type { Directory } from '../directory/directory.ts';
import { VeilError } from '../errors/veil-error.ts';
import { anonymousCaller, callerFromEntry, type PersonCaller } from './caller.ts';
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
 * The active person that an email and API token identify, from the directory. Global accounts sign in
 * on every site; a customer only on its own site.
 */
export function authenticateBasic(
  directory: Directory,
  email: string,
  token: string,
  siteId: string | null,
): PersonCaller | undefined {
  const accountId = directory.accountIdForEmail(email, siteId);
  if (!accountId || directory.accountIdForToken(hashSecret(token)) !== accountId) return undefined;
  const entry = directory.entry(accountId);
  return entry?.account.status === 'active' ? callerFromEntry(entry) : undefined;
}

/**
 * Resolves the site for the request's host and who is calling. Basic credentials that identify no
 * active account are refused at once; a stale session cookie just leaves the caller anonymous.
 */
export function createAuthenticationHook(deps: Dependencies) {
  return async function authenticate(request: FastifyRequest, reply: FastifyReply) {
    request.site = deps.directory.siteForHost(request.host) ?? null;
    request.caller = anonymousCaller;
    const basic = parseBasicCredentials(request.headers.authorization);
    if (basic) {
      const caller = authenticateBasic(deps.directory, basic.email, basic.token, request.site?.id ?? null);
      if (!caller)
        throw new VeilError(
          'auth.invalid_credentials',
          'The email and API token do not match an active account',
        );
      request.caller = caller;
      reply.header('X-AAccountId', caller.account.accountId);
      return;
    }
    const sessionId = request.cookies[sessionCookieName];
    if (sessionId) {
      const account = await findSessionAccount(deps.db, deps.clock, sessionId);
      const entry = account ? deps.directory.entry(account.accountId) : undefined;
      if (entry) {
        request.caller = callerFromEntry(entry);
        reply.header('X-AAccountId', entry.account.accountId);
      }
    }
  };
}
