import { Type } from 'typebox';
import type { Config } from '../config/config.ts';
import type { StoreDeps } from '../db/schema.ts';
import type { Directory } from '../directory/directory.ts';
import { VeilError } from '../errors/veil-error.ts';
import { acceptFormBodies } from '../http/form-body.ts';
import type { VeilApp } from '../http/server.ts';
import { exchangeAssertion, type TokenRequest } from './impersonation.service.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps extends StoreDeps {
  readonly config: Config;
  readonly directory: Directory;
}

const OAuthError = Type.Object({ error: Type.String(), error_description: Type.String() });

/**
 * `POST /oauth2/token`: the authorization server's token endpoint for the JWT bearer grant, form-encoded
 * as OAuth 2.0 says (JSON is taken too). Answers and errors are OAuth's own JSON, never cached.
 */
export function registerOAuthTokenRoute(app: VeilApp, deps: Deps) {
  // Form bodies are for this endpoint only: registered inside its own plugin scope.
  void app.register(async (scope) => {
    acceptFormBodies(scope);
    scope.post(
      '/oauth2/token',
      {
        config: { readOnly: true },
        schema: {
          tags: ['connect'],
          summary: 'Exchange an app-signed assertion for a token that acts for a person (JWT bearer grant)',
          description:
            'Form fields `grant_type` (`urn:ietf:params:oauth:grant-type:jwt-bearer`), `assertion` (HS256 with the install’s shared secret) and optionally `scope`.',
          security: [],
          response: {
            200: Type.Object({
              access_token: Type.String(),
              token_type: Type.Literal('Bearer'),
              expires_in: Type.Integer(),
              scope: Type.String(),
            }),
            400: OAuthError,
            401: OAuthError,
          },
        },
      },
      async (request, reply) => {
        const issued = await exchangeAssertion(deps, {
          ...readFields(request.body),
          origin: `${request.protocol}://${request.host}`,
        });
        reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
        return {
          access_token: issued.accessToken,
          token_type: 'Bearer' as const,
          expires_in: issued.expiresIn,
          scope: issued.scopes.join(' '),
        };
      },
    );
  });
}

/** The grant's fields as single strings, or `oauth.invalid_request`. */
function readFields(body: unknown): Omit<TokenRequest, 'origin'> {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new VeilError(
      'oauth.invalid_request',
      'Send the grant as an application/x-www-form-urlencoded body',
    );
  }
  const fields = body as Record<string, unknown>;
  const read = (name: string) => {
    const value = fields[name];
    if (value !== undefined && typeof value !== 'string') {
      throw new VeilError('oauth.invalid_request', `${name} must be given once, as text`);
    }
    return value;
  };
  return { grantType: read('grant_type'), assertion: read('assertion'), scope: read('scope') };
}
