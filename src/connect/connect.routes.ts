import { Type } from 'typebox';
import {
  AppStateBody,
  appErrors,
  InstallAppBody,
  InstalledAppView,
  renderInstalledApp,
  SiteAppParams,
  SiteParams,
} from '../apps/apps.schemas.ts';
import { listInstalledApps } from '../apps/installed-apps.service.ts';
import { requireAppScope, requiredScopeFor } from '../auth/app-scopes.ts';
import { type Caller, requireSiteAdmin } from '../auth/caller.ts';
import type { Config } from '../config/config.ts';
import type { StoreDeps } from '../db/schema.ts';
import type { Directory } from '../directory/directory.ts';
import { VeilError } from '../errors/veil-error.ts';
import { NoContent, veilErrors } from '../http/contracts.ts';
import type { VeilApp } from '../http/server.ts';
import type { JobRunner } from '../jobs/job-runner.ts';
import { type DescriptorSource, installApp, setAppEnabled, uninstallApp } from './install.service.ts';
import { registerInstallJobs } from './install-jobs.ts';
import { findPublicKeyPem } from './install-keys.ts';
import { registerOAuthTokenRoute } from './oauth.routes.ts';
import { registerUpmRoutes } from './upm.routes.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps extends StoreDeps {
  readonly config: Config;
  readonly directory: Directory;
  readonly jobs: JobRunner;
}

/**
 * Connect apps: the scope check for app callers, the management API for installs, the install key
 * server, the plugin-manager endpoints, and the job that runs queued installs (scenario apps, the plugin
 * manager's) on the process's job runner.
 */
export function registerConnectApps(app: VeilApp, deps: Deps) {
  registerInstallJobs(deps, app.log);
  registerAppScopeHook(app);
  registerInstallKeyRoute(app, deps);
  registerInstallRoutes(app, deps);
  registerUpmRoutes(app, deps);
  registerOAuthTokenRoute(app, deps);
}

/**
 * Every operation an app calls needs the scope its descriptor must ask for (by route and method, after
 * authentication); Veil's own management API is not for apps. Callback-style, like the authentication
 * hook: every request passes through it, and a person's or an anonymous read must not pay a promise.
 */
function registerAppScopeHook(app: VeilApp) {
  app.addHook('onRequest', (request, _reply, done) => {
    // Health and docs skip authentication, so they have no caller at all.
    const caller = request.caller as Caller | null;
    // An app, or an app acting for a person: either way the app's scopes bound what it may call.
    const app =
      caller?.kind === 'app' ? caller : caller?.kind === 'person' ? caller.impersonation : undefined;
    const route = request.routeOptions.url;
    if (!app || route === undefined) return done();
    const required = requiredScopeFor(request.method, route);
    if (required === undefined)
      return done(new VeilError('auth.forbidden', "Connect apps cannot use Veil's management API"));
    try {
      requireAppScope(app, required);
    } catch (error) {
      return done(error as Error);
    }
    done();
  });
}

function registerInstallKeyRoute(app: VeilApp, deps: Deps) {
  app.get(
    '/veil/v1/connect/install-keys/:kid',
    {
      schema: {
        tags: ['connect'],
        summary: 'The public key (PEM) that verifies lifecycle callbacks signed with this kid',
        description: "Serves what Atlassian's key CDN serves; point ACE at it with `CONNECT_KEYS_CDN_URL`.",
        security: [],
        params: Type.Object({ kid: Type.String({ maxLength: 200 }) }),
        response: { 200: Type.String({ description: 'SPKI public key, PEM' }), 404: veilErrors[404] },
      },
    },
    async (request, reply) => {
      const pem = await findPublicKeyPem(deps.db, request.params.kid);
      if (!pem)
        throw new VeilError(
          'connect.install_key_not_found',
          `No install key has the kid ${request.params.kid}`,
        );
      return reply.type('text/plain; charset=utf-8').send(pem);
    },
  );
}

function registerInstallRoutes(app: VeilApp, deps: Deps) {
  registerListApps(app, deps);
  registerInstallApp(app, deps);
  registerSetAppEnabled(app, deps);
  registerUninstallApp(app, deps);
}

/** `GET /veil/v1/sites/{siteId}/apps`: the apps installed on the site. */
function registerListApps(app: VeilApp, deps: Deps) {
  const tags = ['connect'];
  app.get(
    '/veil/v1/sites/:siteId/apps',
    {
      schema: {
        tags,
        summary: 'Connect apps installed on the site (site or platform admins)',
        params: SiteParams,
        response: { 200: Type.Array(InstalledAppView), ...veilErrors },
      },
    },
    async (request) => {
      requireSiteAdmin(request.caller, request.params.siteId);
      return (await listInstalledApps(deps.db, request.params.siteId)).map(renderInstalledApp);
    },
  );
}

/** `POST /veil/v1/sites/{siteId}/apps`: installs (or reinstalls) an app. */
function registerInstallApp(app: VeilApp, deps: Deps) {
  const tags = ['connect'];
  app.post(
    '/veil/v1/sites/:siteId/apps',
    {
      schema: {
        tags,
        summary: 'Install a Connect app (or reinstall it, keeping its client key)',
        description:
          "Veil fetches the descriptor (or takes it whole), checks it, and calls the app's signed `installed` callback; the app is installed only if it answers 2xx.",
        params: SiteParams,
        body: InstallAppBody,
        response: { 200: InstalledAppView, 201: InstalledAppView, ...appErrors },
      },
    },
    async (request, reply) => {
      const person = requireSiteAdmin(request.caller, request.params.siteId);
      const { descriptorUrl, descriptor, product } = request.body;
      const outcome = await installApp(deps, {
        siteId: request.params.siteId,
        source: readDescriptorSource(descriptorUrl, descriptor),
        ...(product ? { productType: product } : {}),
        actingAccountId: person.account.accountId,
      });
      for (const notice of outcome.notices)
        request.log.warn({ appKey: outcome.installed.app.appKey }, notice);
      return reply.status(outcome.reinstall ? 200 : 201).send(renderInstalledApp(outcome.installed));
    },
  );
}

/** `PATCH /veil/v1/sites/{siteId}/apps/{appKey}`: enables or disables an app. */
function registerSetAppEnabled(app: VeilApp, deps: Deps) {
  const tags = ['connect'];
  app.patch(
    '/veil/v1/sites/:siteId/apps/:appKey',
    {
      schema: {
        tags,
        summary: 'Enable or disable an installed app (it is told through `enabled` / `disabled`)',
        params: SiteAppParams,
        body: AppStateBody,
        response: { 200: InstalledAppView, ...veilErrors },
      },
    },
    async (request) => {
      const person = requireSiteAdmin(request.caller, request.params.siteId);
      const { siteId, appKey } = request.params;
      const outcome = await setAppEnabled(
        deps,
        siteId,
        appKey,
        request.body.enabled,
        person.account.accountId,
      );
      for (const notice of outcome.notices) request.log.warn({ appKey }, notice);
      return renderInstalledApp(outcome.installed);
    },
  );
}

/** `DELETE /veil/v1/sites/{siteId}/apps/{appKey}`: uninstalls an app. */
function registerUninstallApp(app: VeilApp, deps: Deps) {
  const tags = ['connect'];
  app.delete(
    '/veil/v1/sites/:siteId/apps/:appKey',
    {
      schema: {
        tags,
        summary: 'Uninstall an app from the site (it is told through `uninstalled`)',
        params: SiteAppParams,
        response: { 204: NoContent, ...veilErrors },
      },
    },
    async (request, reply) => {
      const person = requireSiteAdmin(request.caller, request.params.siteId);
      const { siteId, appKey } = request.params;
      const outcome = await uninstallApp(deps, siteId, appKey, person.account.accountId);
      for (const notice of outcome.notices) request.log.warn({ appKey }, notice);
      return reply.status(204).send(null);
    },
  );
}

/** Exactly one of `descriptorUrl` and `descriptor`. */
export function readDescriptorSource(
  descriptorUrl: string | undefined,
  descriptor: unknown,
): DescriptorSource {
  if ((descriptorUrl === undefined) === (descriptor === undefined)) {
    throw new VeilError('request.invalid', 'Give either descriptorUrl or descriptor', [
      { path: 'body', message: 'must have exactly one of descriptorUrl and descriptor' },
    ]);
  }
  return descriptorUrl !== undefined ? { descriptorUrl } : { descriptor };
}
