/**
 * The 3LO token endpoint (`POST /oauth/token`, JSON or form bodies, as clients send both) and what its
 * access tokens reach here: `GET /oauth/token/accessible-resources` and `GET /me`. Those two take the
 * token themselves (`config.oauthBearer`), and answer in the gateway's error shape.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { avatarUrl } from '../accounts/avatar-urls.ts';
import type { StoreDeps } from '../db/schema.ts';
import type { Directory } from '../directory/directory.ts';
import { VeilError } from '../errors/veil-error.ts';
import { acceptFormBodies } from '../http/form-body.ts';
import type { VeilApp } from '../http/server.ts';
import type { AuthFailureLimiter } from '../rate-limits/auth-failures.ts';
import type { ProfileView } from '../visibility/visibility.ts';
import {
  AccessibleResourceView,
  GatewayErrorBody,
  MeView,
  OAuthErrorBody,
  TokenResponse,
} from './oauth.schemas.ts';
import { listAccessibleResources, readConsentingProfile } from './resources.service.ts';
import { exchangeTokenRequest, type TokenRequest } from './token.service.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps extends StoreDeps {
  readonly directory: Directory;
  readonly authFailures: AuthFailureLimiter;
}

const tokenFields = [
  'grant_type',
  'client_id',
  'client_secret',
  'code',
  'redirect_uri',
  'refresh_token',
] as const;

/** `/oauth/token`, `/oauth/token/accessible-resources` and `/me`. */
export function registerOAuthTokenRoutes(app: VeilApp, deps: Deps) {
  // Form bodies are for this endpoint only: registered inside its own plugin scope.
  void app.register(async (scope) => {
    acceptFormBodies(scope);
    scope.post(
      '/oauth/token',
      {
        config: { readOnly: true },
        schema: {
          tags: ['oauth'],
          summary: 'Exchange an authorization code or a refresh token for tokens (OAuth 2.0 3LO)',
          description:
            'JSON or form bodies: `grant_type`, `client_id`, `client_secret`, and `code` with `redirect_uri`, or `refresh_token`.',
          security: [],
          response: {
            200: TokenResponse,
            400: OAuthErrorBody,
            401: OAuthErrorBody,
            403: OAuthErrorBody,
            429: OAuthErrorBody,
          },
        },
      },
      async (request, reply) => {
        const issued = await exchangeWithLockOut(deps, request, reply);
        reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
        return {
          access_token: issued.accessToken,
          ...(issued.refreshToken ? { refresh_token: issued.refreshToken } : {}),
          token_type: 'Bearer' as const,
          expires_in: issued.expiresIn,
          scope: issued.scope,
        };
      },
    );
  });
  registerTokenResources(app, deps);
}

/**
 * The exchange with the failure lock-out around it (see rate-limits/auth-failures.ts): a wrong client
 * secret counts against the address, and a locked-out address is refused (429) before any secret is
 * checked. Counted per address only: a client id is no secret, and counting against it would let anyone
 * lock the app out of its own tokens.
 */
async function exchangeWithLockOut(deps: Deps, request: FastifyRequest, reply: FastifyReply) {
  await deps.authFailures.assertMayTry(request, reply, null);
  try {
    return await exchangeTokenRequest(deps, readTokenRequest(request.body));
  } catch (error) {
    if (error instanceof VeilError && error.code === 'oauth3lo.invalid_client')
      await deps.authFailures.recordFailure(request, null);
    throw error;
  }
}

function registerTokenResources(app: VeilApp, deps: Deps) {
  const config = { oauthBearer: true };
  app.get(
    '/oauth/token/accessible-resources',
    {
      config,
      schema: {
        tags: ['oauth'],
        summary: 'The sites a 3LO access token reaches, with the scopes granted on each',
        response: { 200: Type.Array(AccessibleResourceView), 401: GatewayErrorBody },
      },
    },
    async (request) =>
      (await listAccessibleResources(deps, readBearer(request))).map((site) => ({
        ...site,
        scopes: [...site.scopes],
      })),
  );
  app.get(
    '/me',
    {
      config,
      schema: {
        tags: ['oauth'],
        summary: "The consenting person's own profile (User Identity API, `read:me`)",
        response: { 200: MeView, 401: GatewayErrorBody },
      },
    },
    async (request) => renderMe(await readConsentingProfile(deps, readBearer(request)), originOf(request)),
  );
}

function originOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

/** The User Identity API's shape of a person's own profile. */
function renderMe(view: ProfileView, origin: string): MeView {
  const optional = (name: string, value: string | undefined) =>
    value === undefined ? {} : { [name]: value };
  return {
    account_type: view.accountType,
    account_id: view.accountId,
    ...optional('email', view.email),
    name: view.displayName,
    picture: avatarUrl(origin, view.avatar),
    account_status: view.status,
    nickname: view.publicName,
    ...optional('zoneinfo', view.timeZone),
    ...optional('locale', view.locale),
    extended_profile: {
      ...optional('job_title', view.jobTitle),
      ...optional('organization', view.organization),
      ...optional('department', view.department),
      ...optional('location', view.location),
    },
  };
}

const bearerScheme = /^bearer /i;

function readBearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header !== undefined && bearerScheme.test(header) ? header.slice(7).trim() : undefined;
}

/** The token request's fields as single strings, or `oauth3lo.invalid_request`. */
function readTokenRequest(body: unknown): TokenRequest {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body))
    throw new VeilError('oauth3lo.invalid_request', 'Send the request as a JSON or form body');
  const fields = body as Record<string, unknown>;
  const request: Record<string, string> = {};
  for (const name of tokenFields) {
    const value = fields[name];
    if (value === undefined) continue;
    if (typeof value !== 'string')
      throw new VeilError('oauth3lo.invalid_request', `${name} must be given once, as text`);
    request[name] = value;
  }
  return request;
}
