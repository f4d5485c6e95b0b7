import { Type } from 'typebox';
import { requirePerson } from '../auth/caller.ts';
import type { Config } from '../config/config.ts';
import type { StoreDeps } from '../db/schema.ts';
import type { Directory } from '../directory/directory.ts';
import { VeilError } from '../errors/veil-error.ts';
import { NoContent, veilErrors } from '../http/contracts.ts';
import type { VeilApp } from '../http/server.ts';
import type { AuthFailureLimiter } from '../rate-limits/auth-failures.ts';
import { signInWithApiToken } from './basic-sign-in.ts';
import { IssuedToken, NewTokenBody, SessionView, SignInBody, TokenMetadata } from './credentials.schemas.ts';
import {
  createSession,
  deleteSession,
  issueApiToken,
  listApiTokens,
  revokeApiToken,
} from './credentials.service.ts';
import { clearSessionCookie, csrfTokenFor, sessionCookieName, setSessionCookie } from './session-cookie.ts';
import type { TokenUseRecorder } from './token-uses.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps extends StoreDeps {
  readonly config: Config;
  readonly directory: Directory;
  readonly tokenUses: TokenUseRecorder;
  readonly authFailures: AuthFailureLimiter;
}

/** Sign-in with email and API token (a session cookie), sign-out, and a person's own API tokens. */
export function registerCredentialRoutes(app: VeilApp, deps: Deps) {
  registerSignIn(app, deps);
  registerCurrentSession(app, deps);
  registerTokenList(app, deps);
  registerTokenChanges(app, deps);
}

function registerSignIn(app: VeilApp, deps: Deps) {
  app.post(
    '/veil/v1/sessions',
    {
      config: { credentialsInBody: true },
      schema: {
        tags: ['sessions'],
        summary: 'Sign in: sets an HttpOnly session cookie',
        body: SignInBody,
        response: { 201: SessionView, ...veilErrors },
      },
    },
    async (request, reply) => {
      const { email, apiToken } = request.body;
      // A person whose deletion waits may sign in: the session then opens only the routes that let them
      // see or cancel the deletion, or take their data.
      const caller = await signInWithApiToken(deps, request, reply, { email, token: apiToken }, true);
      if (caller?.kind !== 'person')
        throw new VeilError(
          'auth.invalid_credentials',
          'The email and API token do not match an active account',
        );
      if (caller.credential?.kind === 'api-token') deps.tokenUses.record(caller.credential.tokenId);
      const { account } = caller;
      const session = await createSession(
        deps.db,
        deps.clock,
        account.accountId,
        deps.config.sessionTtlSeconds,
      );
      setSessionCookie(request, reply, session, deps.clock.now());
      return reply.status(201).send({
        accountId: account.accountId,
        expiresAt: session.expiresAt.toISOString(),
        csrfToken: csrfTokenFor(deps.config.connectSecretKey, session.sessionId),
      });
    },
  );
}

/** The current session: read it, or sign out. */
function registerCurrentSession(app: VeilApp, deps: Deps) {
  // A person whose deletion waits keeps their session for what it may do (see sign-in), sign-out included.
  app.get(
    '/veil/v1/sessions/current',
    {
      config: { allowsPendingDeletion: true },
      schema: {
        tags: ['sessions'],
        summary: 'The session the cookie stands for, with its CSRF token',
        response: { 200: SessionView, ...veilErrors },
      },
    },
    async (request, reply) => {
      const { session } = request;
      if (session.state !== 'active') {
        if (session.state === 'none')
          throw new VeilError(
            'auth.required',
            'You are not signed in; sign in with your email and API token',
          );
        clearSessionCookie(request, reply);
        throw new VeilError('auth.session_expired', 'Your session has expired; sign in again');
      }
      return {
        accountId: requirePerson(request.caller).account.accountId,
        expiresAt: session.expiresAt.toISOString(),
        csrfToken: csrfTokenFor(deps.config.connectSecretKey, session.sessionId),
      };
    },
  );

  app.delete(
    '/veil/v1/sessions/current',
    {
      config: { allowsPendingDeletion: true },
      schema: { tags: ['sessions'], summary: 'Sign out', response: { 204: NoContent, ...veilErrors } },
    },
    async (request, reply) => {
      const sessionId = request.cookies[sessionCookieName];
      if (sessionId) await deleteSession(deps.db, sessionId);
      clearSessionCookie(request, reply);
      return reply.status(204).send(null);
    },
  );
}

function registerTokenList(app: VeilApp, deps: Deps) {
  app.get(
    '/veil/v1/me/tokens',
    {
      schema: {
        tags: ['me'],
        summary: 'Your API tokens (metadata only)',
        response: { 200: Type.Array(TokenMetadata), ...veilErrors },
      },
    },
    async (request) => {
      const person = requirePerson(request.caller);
      await deps.tokenUses.flush();
      const tokens = await listApiTokens(deps.db, person.account.accountId);
      return tokens.map((t) => ({
        ...t,
        createdAt: t.createdAt.toISOString(),
        lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
      }));
    },
  );
}

function registerTokenChanges(app: VeilApp, deps: Deps) {
  app.post(
    '/veil/v1/me/tokens',
    {
      schema: {
        tags: ['me'],
        summary: 'Create an API token; its value is shown once',
        body: NewTokenBody,
        response: { 201: IssuedToken, ...veilErrors },
      },
    },
    async (request, reply) => {
      const caller = requirePerson(request.caller);
      const issued = await issueApiToken(deps.db, deps.clock, caller.account.accountId, request.body.label);
      return reply.status(201).send(issued);
    },
  );

  app.delete(
    '/veil/v1/me/tokens/:tokenId',
    {
      schema: {
        tags: ['me'],
        summary: 'Revoke one of your API tokens',
        params: Type.Object({ tokenId: Type.String({ format: 'uuid' }) }),
        response: { 204: NoContent, ...veilErrors },
      },
    },
    async (request, reply) => {
      await revokeApiToken(deps.db, requirePerson(request.caller).account.accountId, request.params.tokenId);
      return reply.status(204).send(null);
    },
  );
}
