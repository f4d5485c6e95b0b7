/**
 * Veil's management API for 3LO: a developer registers OAuth apps and lists theirs; a person lists the
 * apps they consented to and revokes one. People only, never an app.
 */
import { Type } from 'typebox';
import { requirePerson } from '../auth/caller.ts';
import type { StoreDeps } from '../db/schema.ts';
import type { Directory } from '../directory/directory.ts';
import { NoContent, veilErrors } from '../http/contracts.ts';
import type { VeilApp } from '../http/server.ts';
import type { OAuthApp } from './oauth.model.ts';
import {
  ClientIdParams,
  ConnectedAppView,
  OAuthAppBody,
  OAuthAppView,
  RegisteredOAuthApp,
} from './oauth.schemas.ts';
import { listOwnOAuthApps, registerOAuthApp } from './oauth-apps.service.ts';
import { listConnectedApps, revokeConnectedApp } from './resources.service.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps extends StoreDeps {
  readonly directory: Directory;
}

/** The developer's OAuth apps and the person's connected apps. */
export function registerOAuthAppRoutes(app: VeilApp, deps: Deps) {
  registerDeveloperRoutes(app, deps);
  registerConnectedAppRoutes(app, deps);
}

function renderOAuthApp(oauthApp: OAuthApp) {
  const { clientId, name, callbackUrl, scopes, createdAt } = oauthApp;
  return { clientId, name, callbackUrl, scopes: [...scopes], createdAt: createdAt.toISOString() };
}

function registerDeveloperRoutes(app: VeilApp, deps: Deps) {
  app.post(
    '/veil/v1/oauth-apps',
    {
      schema: {
        tags: ['oauth'],
        summary: 'Register an OAuth 2.0 (3LO) app; its client secret is shown this once',
        body: OAuthAppBody,
        response: { 201: RegisteredOAuthApp, ...veilErrors },
      },
    },
    async (request, reply) => {
      const developer = requirePerson(request.caller);
      const registered = await registerOAuthApp(deps, developer, request.body);
      return reply
        .status(201)
        .send({ ...renderOAuthApp(registered.app), clientSecret: registered.clientSecret });
    },
  );
  app.get(
    '/veil/v1/oauth-apps',
    {
      schema: {
        tags: ['oauth'],
        summary: 'The OAuth 2.0 (3LO) apps you registered',
        response: { 200: Type.Array(OAuthAppView), ...veilErrors },
      },
    },
    async (request) => (await listOwnOAuthApps(deps, requirePerson(request.caller))).map(renderOAuthApp),
  );
}

function registerConnectedAppRoutes(app: VeilApp, deps: Deps) {
  app.get(
    '/veil/v1/me/connected-apps',
    {
      schema: {
        tags: ['me'],
        summary: 'The OAuth apps you consented to: on which sites, with which scopes, since when',
        response: { 200: Type.Array(ConnectedAppView), ...veilErrors },
      },
    },
    async (request) => {
      const connected = await listConnectedApps(deps, requirePerson(request.caller));
      return connected.map((c) => ({
        ...c,
        scopes: [...c.scopes],
        grantedAt: c.grantedAt.toISOString(),
        sites: c.sites.map((s) => ({
          siteId: s.siteId,
          scopes: [...s.scopes],
          grantedAt: s.grantedAt.toISOString(),
        })),
      }));
    },
  );
  app.delete(
    '/veil/v1/me/connected-apps/:clientId',
    {
      schema: {
        tags: ['me'],
        summary: 'Revoke your consent to an OAuth app: its tokens stop working at once',
        params: ClientIdParams,
        response: { 204: NoContent, ...veilErrors },
      },
    },
    async (request, reply) => {
      await revokeConnectedApp(deps, requirePerson(request.caller), request.params.clientId);
      return reply.status(204).send(null);
    },
  );
}
