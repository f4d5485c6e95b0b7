import { Type } from 'typebox';
import { requirePerson } from '../auth/caller.ts';
import type { Config } from '../config/config.ts';
import { signInWithApiToken } from '../credentials/basic-sign-in.ts';
import { createSession, deleteSession } from '../credentials/credentials.service.ts';
import { clearSessionCookie, sessionCookieName, setSessionCookie } from '../credentials/session-cookie.ts';
import { maySignInOnSite } from '../credentials/sign-in-rules.ts';
import type { TokenUseRecorder } from '../credentials/token-uses.ts';
import type { StoreDeps } from '../db/schema.ts';
import type { Directory } from '../directory/directory.ts';
import { legacyIdentityOf } from '../directory/legacy-identity.ts';
import { VeilError } from '../errors/veil-error.ts';
import { NoContent } from '../http/contracts.ts';
import type { VeilApp } from '../http/server.ts';
import type { AuthFailureLimiter } from '../rate-limits/auth-failures.ts';
import { identityContextOf } from '../user-api/legacy-request.ts';
import type { LegacyUsageRecorder } from '../user-api/legacy-usage.ts';
import { userSelfUrl } from '../user-api/tracker-user.representation.ts';
import { trackerErrors } from '../user-api/tracker-user.schemas.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps extends StoreDeps {
  readonly config: Config;
  readonly directory: Directory;
  readonly legacyUsage: LegacyUsageRecorder;
  readonly tokenUses: TokenUseRecorder;
  readonly authFailures: AuthFailureLimiter;
}

const path = '/rest/auth/1/session';
const tags = ['tracker session'];

/** Veil keeps no login history (less personal data), so `loginInfo` is always empty. */
const LoginInfo = Type.Object({}, { description: 'Veil records no login counts or times' });

const SessionBody = Type.Object(
  {
    username: Type.String({ description: 'The email address of the account' }),
    password: Type.String({ description: 'An API token of the account (never a password)' }),
  },
  { additionalProperties: true },
);

const SessionInfo = Type.Object({
  session: Type.Object({
    name: Type.String({ description: 'The name Jira gives its cookie; Veil sets `veil_session`' }),
    value: Type.String(),
  }),
  loginInfo: LoginInfo,
});

const CurrentSessionUser = Type.Object({ self: Type.String(), name: Type.String(), loginInfo: LoginInfo });

/** Cookie sign-in and sign-out at /rest/auth/1/session. */
export function registerTrackerSessionRoutes(app: VeilApp, deps: Deps) {
  registerSignIn(app, deps);
  registerCurrentSession(app, deps);
  registerSignOut(app, deps);
}

/** `POST`: signs in with the email and an API token, and sets the session cookie. */
function registerSignIn(app: VeilApp, deps: Deps) {
  const { db, clock, config, directory } = deps;
  app.post(
    path,
    {
      config: { credentialsInBody: true },
      schema: {
        tags,
        summary: 'Sign in with the email and an API token: sets an HttpOnly session cookie',
        body: SessionBody,
        response: { 200: SessionInfo, ...trackerErrors },
      },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      const siteId = request.site?.id ?? null;
      const caller = await signInWithApiToken(deps, request, reply, { email: username, token: password });
      if (!caller || !maySignInOnSite(directory, await directory.entry(caller.account.accountId), siteId)) {
        throw new VeilError('auth.invalid_credentials', 'Login failed: the email and API token do not match');
      }
      if (caller.credential?.kind === 'api-token') deps.tokenUses.record(caller.credential.tokenId);
      const accountId = caller.account.accountId;
      const session = await createSession(db, clock, accountId, config.sessionTtlSeconds);
      setSessionCookie(request, reply, session, clock.now());
      reply.header('X-AAccountId', accountId);
      return { session: { name: 'JSESSIONID', value: session.sessionId }, loginInfo: {} };
    },
  );
}

/** `GET`: the signed-in user, as the session resource names it. */
function registerCurrentSession(app: VeilApp, deps: Deps) {
  const { directory } = deps;
  app.get(
    path,
    {
      schema: {
        tags,
        summary: 'The signed-in user (name is the accountId; the username in the legacy stage)',
        response: { 200: CurrentSessionUser, ...trackerErrors },
      },
    },
    async (request) => {
      const site = request.site;
      if (!site) throw new VeilError('site.not_found', `No site answers for ${request.hostname}`);
      const caller = requirePerson(request.caller);
      const { accountId } = caller.account;
      // The legacy stage names the user by username, as the session resource did before accountIds.
      const entry = await directory.entry(accountId);
      const legacy =
        identityContextOf(request, deps).legacy && entry
          ? legacyIdentityOf(entry, directory.viewOf(entry, caller.viewer), site)
          : null;
      if (legacy?.username) {
        const self = `${site.baseUrl}/rest/api/3/user?username=${encodeURIComponent(legacy.username)}`;
        return { self, name: legacy.username, loginInfo: {} };
      }
      return { self: userSelfUrl(site, '3', accountId), name: accountId, loginInfo: {} };
    },
  );
}

/** `DELETE`: ends the session and clears the cookie. */
function registerSignOut(app: VeilApp, { db }: Deps) {
  app.delete(
    path,
    {
      schema: { tags, summary: 'Sign out: ends the session', response: { 204: NoContent, ...trackerErrors } },
    },
    async (request, reply) => {
      const sessionId = request.cookies[sessionCookieName];
      if (!sessionId) requirePerson(request.caller);
      else await deleteSession(db, sessionId);
      clearSessionCookie(request, reply);
      return reply.status(204).send(null);
    },
  );
}
