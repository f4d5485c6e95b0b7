/**
 * The plugin-manager (UPM) endpoints that app frameworks use to register themselves in development
 * (atlassian-connect-express: `GET /rest/plugins/1.0/` for the `upm-token`, `POST ?token=` with the
 * descriptor URL → 202 and a task to poll, `DELETE /rest/plugins/1.0/{key}-key` on shutdown), for a
 * site admin with Basic credentials. Under `/wiki` they install into the wiki instead of the tracker.
 */
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { InstalledApp, ProductType } from '../apps/apps.model.ts';
import { getInstalledApp, listInstalledApps } from '../apps/installed-apps.service.ts';
import { type PersonCaller, requireSiteAdmin } from '../auth/caller.ts';
import type { Config } from '../config/config.ts';
import type { StoreDeps } from '../db/schema.ts';
import { VeilError } from '../errors/veil-error.ts';
import { NoContent } from '../http/contracts.ts';
import type { VeilApp } from '../http/server.ts';
import type { JobRunner } from '../jobs/job-runner.ts';
import type { Site } from '../sites/sites.model.ts';
import { setAppEnabled, uninstallApp } from './install.service.ts';
import type { InstallJobRow } from './install-jobs.ts';
import { getInstallTask, queueUpmInstall } from './upm.service.ts';
import { checkUpmToken, issueUpmToken } from './upm-token.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps extends StoreDeps {
  readonly config: Config;
  readonly jobs: JobRunner;
}

const upmRoots: readonly (readonly [string, ProductType])[] = [
  ['/rest/plugins/1.0', 'jira'],
  ['/wiki/rest/plugins/1.0', 'confluence'],
];
const pingAfterMs = 100;

const PluginView = Type.Object({
  key: Type.String(),
  name: Type.String(),
  enabled: Type.Boolean(),
  userInstalled: Type.Boolean(),
  optional: Type.Boolean(),
  links: Type.Object({ self: Type.String() }),
});
const TaskView = Type.Object({
  type: Type.Literal('INSTALL'),
  pingAfter: Type.Integer(),
  status: Type.Object({
    done: Type.Boolean(),
    errorMessage: Type.Optional(Type.String()),
    source: Type.Optional(Type.String()),
    contentType: Type.String(),
  }),
  links: Type.Object({ self: Type.String(), alternate: Type.String() }),
  timestamp: Type.Integer(),
});
const PluginKeyParams = Type.Object({ pluginKey: Type.String({ maxLength: 200 }) });
const tags = ['plugin manager'];

/** The UPM endpoints under both product roots. */
export function registerUpmRoutes(app: VeilApp, deps: Deps) {
  // UPM's own media types (`application/vnd.atl.plugins.remote.install+json`, …) carry JSON.
  app.addContentTypeParser(
    /^application\/vnd\.atl\.plugins[^;]*\+json/,
    { parseAs: 'string' },
    (_request, body, done) => {
      try {
        done(null, JSON.parse(String(body)));
      } catch (error) {
        done(error as Error);
      }
    },
  );
  for (const [root, productType] of upmRoots) {
    registerUpmInstallRoutes(app, deps, root, productType);
    registerUpmPluginRoutes(app, deps, root);
  }
}

function pluginLink(root: string, appKey: string): string {
  return `${root}/${appKey}-key`;
}

function renderPlugin(root: string, { app, install }: InstalledApp) {
  return {
    key: app.appKey,
    name: app.name,
    enabled: install.enabled,
    userInstalled: true,
    optional: true,
    links: { self: pluginLink(root, app.appKey) },
  };
}

/** Settings, the token handshake, install by descriptor URL, and the install task. */
function registerUpmInstallRoutes(app: VeilApp, deps: Deps, root: string, productType: ProductType) {
  registerUpmListing(app, deps, root);
  registerUpmInstall(app, deps, root, productType);
  registerUpmTask(app, deps, root);
}

/** Settings, and the installed apps with the token an install needs. */
function registerUpmListing(app: VeilApp, deps: Deps, root: string) {
  app.get(
    `${root}/settings`,
    {
      schema: {
        tags,
        summary: 'Plugin-manager settings: development listings are on',
        response: {
          200: Type.Object({
            settings: Type.Array(Type.Object({ key: Type.String(), value: Type.Boolean() })),
          }),
        },
      },
    },
    async (request) => {
      requireUpmAdmin(request);
      return { settings: [{ key: 'connectDeveloperListingsEnabled', value: true }] };
    },
  );

  app.get(
    `${root}/`,
    {
      schema: {
        tags,
        summary: 'Installed apps, with the upm-token header that an install needs',
        response: {
          200: Type.Object({ plugins: Type.Array(PluginView), links: Type.Object({ self: Type.String() }) }),
        },
      },
    },
    async (request, reply) => {
      const { site, person } = requireUpmAdmin(request);
      const holder = { siteId: site.id, accountId: person.account.accountId };
      reply.header('upm-token', issueUpmToken(deps.config.connectSecretKey, deps.clock, holder));
      const installed = await listInstalledApps(deps.db, site.id);
      return { plugins: installed.map((entry) => renderPlugin(root, entry)), links: { self: `${root}/` } };
    },
  );
}

function registerUpmInstall(app: VeilApp, deps: Deps, root: string, productType: ProductType) {
  app.post(
    `${root}/`,
    {
      schema: {
        tags,
        summary: 'Install an app from its descriptor URL: 202 with a task to poll',
        querystring: Type.Object({ token: Type.Optional(Type.String()) }),
        body: Type.Object(
          {
            pluginUri: Type.String({ pattern: '^https?://', maxLength: 2000 }),
            pluginName: Type.Optional(Type.String()),
          },
          { additionalProperties: false },
        ),
        response: { 202: TaskView },
      },
    },
    async (request, reply) => {
      const { site, person } = requireUpmAdmin(request);
      const requestedBy = person.account.accountId;
      checkUpmToken(
        deps.config.connectSecretKey,
        deps.clock,
        { siteId: site.id, accountId: requestedBy },
        request.query.token,
      );
      const install = { siteId: site.id, descriptorUrl: request.body.pluginUri, productType, requestedBy };
      const jobId = await queueUpmInstall(deps.db, deps.clock, install);
      deps.jobs.kick();
      return reply.status(202).send(renderTask(root, await getInstallTask(deps.db, site.id, jobId)));
    },
  );
}

function registerUpmTask(app: VeilApp, deps: Deps, root: string) {
  app.get(
    `${root}/pending/:taskId`,
    {
      schema: {
        tags,
        summary: 'An install task: pending, failed (`status.done`), or 303 to the installed app',
        params: Type.Object({ taskId: Type.String({ maxLength: 100 }) }),
        response: { 200: TaskView, 303: NoContent },
      },
    },
    async (request, reply) => {
      const { site } = requireUpmAdmin(request);
      const job = await getInstallTask(deps.db, site.id, request.params.taskId);
      if (job.status === 'installed' && job.app_key)
        return reply.redirect(pluginLink(root, job.app_key), 303);
      return renderTask(root, job);
    },
  );
}

/** An installed app: read, enable or disable, uninstall. */
function registerUpmPluginRoutes(app: VeilApp, deps: Deps, root: string) {
  app.get(
    `${root}/:pluginKey`,
    { schema: { tags, summary: 'An installed app', params: PluginKeyParams, response: { 200: PluginView } } },
    async (request) => {
      const { site } = requireUpmAdmin(request);
      const appKey = readPluginKey(request.params.pluginKey);
      return renderPlugin(root, await getInstalledApp(deps.db, site.id, appKey));
    },
  );
  registerUpmPluginChanges(app, deps, root);
}

function registerUpmPluginChanges(app: VeilApp, deps: Deps, root: string) {
  app.put(
    `${root}/:pluginKey`,
    {
      schema: {
        tags,
        summary: 'Enable or disable an installed app',
        params: PluginKeyParams,
        body: Type.Object({ enabled: Type.Boolean() }, { additionalProperties: true }),
        response: { 200: PluginView },
      },
    },
    async (request) => {
      const { site, person } = requireUpmAdmin(request);
      const appKey = readPluginKey(request.params.pluginKey);
      const { enabled } = request.body;
      const outcome = await setAppEnabled(deps, site.id, appKey, enabled, person.account.accountId);
      for (const notice of outcome.notices) request.log.warn({ appKey }, notice);
      return renderPlugin(root, outcome.installed);
    },
  );

  app.delete(
    `${root}/:pluginKey`,
    { schema: { tags, summary: 'Uninstall an app', params: PluginKeyParams, response: { 204: NoContent } } },
    async (request, reply) => {
      const { site, person } = requireUpmAdmin(request);
      const appKey = readPluginKey(request.params.pluginKey);
      const outcome = await uninstallApp(deps, site.id, appKey, person.account.accountId);
      for (const notice of outcome.notices) request.log.warn({ appKey }, notice);
      return reply.status(204).send(null);
    },
  );
}

function requireUpmAdmin(request: FastifyRequest): { site: Site; person: PersonCaller } {
  const site = request.site;
  if (!site) throw new VeilError('site.not_found', `No site answers for ${request.hostname}`);
  return { site, person: requireSiteAdmin(request.caller, site.id) };
}

/** `com.example.app-key` → `com.example.app`: UPM names a plugin by its key with `-key` after it. */
function readPluginKey(pluginKey: string): string {
  if (!pluginKey.endsWith('-key') || pluginKey.length <= 4) {
    throw new VeilError('connect.app_not_installed', `No app is installed as ${pluginKey}`);
  }
  return pluginKey.slice(0, -4);
}

function renderTask(root: string, job: InstallJobRow) {
  const failed = job.status === 'failed';
  const self = `${root}/pending/${job.job_id}`;
  return {
    type: 'INSTALL' as const,
    pingAfter: pingAfterMs,
    status: {
      done: failed,
      ...(failed ? { errorMessage: job.error_message ?? 'The install failed' } : {}),
      ...(job.descriptor_url ? { source: job.descriptor_url } : {}),
      contentType: failed
        ? 'application/vnd.atl.plugins.install.err+json'
        : 'application/vnd.atl.plugins.install.installing+json',
    },
    links: { self, alternate: self },
    timestamp: job.created_at.getTime(),
  };
}
