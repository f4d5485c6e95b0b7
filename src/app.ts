import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify from 'fastify';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import { registerAccessLogRoutes } from './access-log/access-log.routes.ts';
import { ProfileReadCounter } from './access-log/profile-reads.ts';
import { registerAccountRoutes } from './accounts/accounts.routes.ts';
import { registerEmailChangeRoutes } from './accounts/email-changes.routes.ts';
import { registerMeRoutes } from './accounts/me.routes.ts';
import { registerAvatarRoutes } from './avatars/avatars.routes.ts';
import { registerClockRoutes } from './clock/clock.routes.ts';
import { type Clock, isMovable } from './clock/clock.ts';
import type { Config } from './config/config.ts';
import { registerConnectApps } from './connect/connect.routes.ts';
import { registerCredentialRoutes } from './credentials/credentials.routes.ts';
import { TokenUseRecorder } from './credentials/token-uses.ts';
import type { Database } from './db/schema.ts';
import type { Store } from './db/store.ts';
import { registerDeletionRoutes } from './deletion/deletion.routes.ts';
import { Directory } from './directory/directory.ts';
import { registerEmailApiRoutes } from './email-api/email-api.routes.ts';
import { registerErasureJobs } from './erasure/erasure.jobs.ts';
import { notifyAppsOfErasure } from './erasure/erasure.notify.ts';
import { registerErasureRoutes } from './erasure/erasure.routes.ts';
import { registerExportRoutes } from './export/export.routes.ts';
import { createAuthenticationHook } from './http/authentication.ts';
import { handleError, handleNotFound } from './http/errors.ts';
import { createLoggerOptions, type LogDestination } from './http/logging.ts';
import { buildRememberingSerializer } from './http/serialization.ts';
import type { Dependencies, VeilApp } from './http/server.ts';
import { createValidatorCompiler, nameFormat, registerInputHygiene } from './http/validation.ts';
import { JobRunner } from './jobs/job-runner.ts';
import { registerMailDelivery } from './mail/mail.jobs.ts';
import { registerMailRoutes } from './mail/mail.routes.ts';
import { createLegacyHeaderHook } from './migration/legacy-headers.ts';
import { LegacyUsageRecorder } from './migration/legacy-usage.ts';
import { registerMigrationRoutes } from './migration/migration.routes.ts';
import { registerOrganizationRoutes } from './organizations/organizations.routes.ts';
import { registerPageRoutes } from './pages/pages.routes.ts';
import { registerPreviewRoutes } from './preview/preview.routes.ts';
import { AuthFailureLimiter } from './rate-limits/auth-failures.ts';
import { registerRateLimitPlugin, registerRequestLimits } from './rate-limits/request-limits.ts';
import { registerReportingRoutes } from './reporting/reporting.routes.ts';
import { registerSiteRoutes } from './sites/sites.routes.ts';
import { registerTrackerGroupRoutes } from './tracker/groups.routes.ts';
import { registerTrackerSessionRoutes } from './tracker/session.routes.ts';
import { registerTrackerUserManagementRoutes } from './tracker/user-management.routes.ts';
import { registerTrackerUserSearchRoutes } from './tracker/user-search.routes.ts';
import { registerTrackerUserRoutes } from './tracker/users.routes.ts';
import { registerWebhookDelivery } from './webhooks/webhook-delivery.service.ts';
import { registerWebhookRoutes } from './webhooks/webhooks.routes.ts';
import { registerWikiUserRoutes } from './wiki/users.routes.ts';

export interface AppInputs {
  readonly config: Config;
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  /** How to follow the store's change channel (from `openStore`). */
  readonly listen: Store['listen'];
  /**
   * Only this process opens the store (PGlite in a folder): jobs it finds running at start belong to a
   * process that is gone and are run again at once, rather than when their leases run out.
   */
  readonly exclusiveStore?: boolean;
  /** Where log lines go instead of standard output (a test harness keeps them in files). */
  readonly logDestination?: LogDestination;
}

/**
 * Clients such as jira.js send `Content-Type: application/json` with no body on DELETE; that is no
 * body, not malformed JSON. Everything else goes through Fastify's own (poisoning-safe) parser.
 */
function acceptEmptyJsonBodies(app: VeilApp) {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '') return done(null, undefined);
    return parseJson(request, String(body), done);
  });
}

/**
 * Request ids for the logs: a random prefix per process and a counter, so ids from several Veil
 * processes behind one proxy never collide, without drawing random bytes per request.
 */
function createRequestIds(): () => string {
  const prefix = crypto.randomUUID().slice(0, 8);
  let count = 0;
  return () => `${prefix}-${(++count).toString(36)}`;
}

/**
 * Node's HTTP server timeouts (see `ServerTimeouts`): a client that trickles its headers or body, or
 * keeps an idle connection open, is cut off, so no number of them can hold the process.
 */
function serverTimeoutOptions(config: Config) {
  const { timeouts } = config;
  return {
    connectionTimeout: timeouts.idleSocketMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    requestTimeout: timeouts.requestMs,
    http: { headersTimeout: timeouts.headersMs, connectionsCheckingInterval: timeouts.checkIntervalMs },
  };
}

/** The composition root: every route and hook, wired from explicit dependencies. */
export async function createApp(inputs: AppInputs): Promise<VeilApp> {
  const app = Fastify({
    logger: createLoggerOptions(inputs.config.logLevel, inputs.logDestination),
    bodyLimit: inputs.config.bodyLimitBytes,
    genReqId: createRequestIds(),
    // Forwarded headers are believed only from the proxies the operator named (`--trust-proxy`).
    trustProxy: inputs.config.trustProxy ?? false,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 1024 },
    schemaController: { compilersFactory: { buildSerializer: buildRememberingSerializer } },
    // The serialiser tells anyOf branches apart with Ajv: names are checked on the way in, not out.
    serializerOpts: { ajv: { formats: { [nameFormat]: true } } },
    ...serverTimeoutOptions(inputs.config),
  }).withTypeProvider<TypeBoxTypeProvider>();
  await registerRateLimitPlugin(app);
  const directory = await Directory.open(inputs.db, inputs.listen);
  const jobs = new JobRunner({
    db: inputs.db,
    clock: inputs.clock,
    log: app.log,
    listen: inputs.listen,
    exclusiveStore: inputs.exclusiveStore ?? false,
  });
  const deps: Dependencies = Object.freeze({
    config: inputs.config,
    db: inputs.db,
    clock: inputs.clock,
    directory,
    jobs,
    legacyUsage: new LegacyUsageRecorder(inputs.db, inputs.clock),
    profileReads: new ProfileReadCounter(inputs.db, inputs.clock),
    tokenUses: new TokenUseRecorder(inputs.db, inputs.clock),
    authFailures: new AuthFailureLimiter(app, inputs.config.rateLimits),
  });
  app.decorate('jobs', jobs);

  app.setValidatorCompiler(createValidatorCompiler());
  acceptEmptyJsonBodies(app);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(handleNotFound);
  app.decorateRequest('caller', null as never);
  app.decorateRequest('site', null);
  app.decorateRequest('session', null as never);
  app.decorateRequest('identity', null);

  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Veil management API',
        version: '1',
        description: "Veil's own API: profiles, visibility, organizations, sites, accounts",
      },
      components: { securitySchemes: { basicAuth: { type: 'http', scheme: 'basic' } } },
      security: [{ basicAuth: [] }],
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  app.addHook('onClose', async () => {
    // Counts kept in memory reach the store before it closes: a clean shutdown loses none.
    await deps.legacyUsage.flush();
    await deps.profileReads.flush();
    await deps.tokenUses.flush();
    await jobs.close();
    await directory.close();
  });
  // A write is answered only once the directory holds it, so the next read (here or in any process
  // that has synced) never sees an older privacy setting than the store. Both hooks are callback-style:
  // reads pass through them without a promise each.
  app.addHook('onSend', (request, _reply, payload, done) => {
    const readOnly = (request.routeOptions.config as { readOnly?: boolean } | undefined)?.readOnly === true;
    if (request.method === 'GET' || request.method === 'HEAD' || readOnly) return done(null, payload);
    directory.sync().then(() => done(null, payload), done);
  });

  // Text Veil cannot store or show is refused before anything reads the request.
  registerInputHygiene(app);
  const authenticate = createAuthenticationHook(deps);
  const setLegacyHeaders = createLegacyHeaderHook(deps);
  app.addHook('onRequest', (request, reply, done) => {
    if (request.url.startsWith('/docs') || request.url.startsWith('/veil/v1/health')) return done();
    if ((request.routeOptions.config as { page?: boolean } | undefined)?.page === true) return done();
    const finish = () => {
      try {
        setLegacyHeaders(request, reply);
      } catch (error) {
        return done(error as Error);
      }
      done();
    };
    let settling: Promise<void> | undefined;
    try {
      settling = authenticate(request, reply);
    } catch (error) {
      return done(error as Error);
    }
    if (!settling) return finish();
    settling.then(finish, done);
  });
  // After authentication: a request spends its caller's budget.
  await registerRequestLimits(app, deps);

  app.get(
    '/veil/v1/health',
    {
      schema: {
        tags: ['health'],
        summary: 'Answers 200 once Veil is ready',
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );
  registerMeRoutes(app, deps);
  registerCredentialRoutes(app, deps);
  registerAccountRoutes(app, deps);
  registerEmailChangeRoutes(app, deps);
  registerMailRoutes(app, deps);
  registerMailDelivery(deps);
  registerOrganizationRoutes(app, deps);
  registerSiteRoutes(app, deps);
  registerAvatarRoutes(app, deps);
  registerTrackerUserRoutes(app, deps);
  registerTrackerUserSearchRoutes(app, deps);
  registerTrackerGroupRoutes(app, deps);
  registerTrackerUserManagementRoutes(app, deps);
  registerTrackerSessionRoutes(app, deps);
  registerWikiUserRoutes(app, deps);
  registerMigrationRoutes(app, deps);
  registerConnectApps(app, deps);
  registerWebhookRoutes(app, deps);
  registerEmailApiRoutes(app, deps);
  registerWebhookDelivery(deps);
  registerPreviewRoutes(app, deps);
  registerPageRoutes(app, deps);
  registerLifecycle(app, deps);
  return app;
}

/** The account life cycle: deletion with its grace period, the erasure job, and the movable clock. */
function registerLifecycle(app: VeilApp, deps: Dependencies) {
  registerDeletionRoutes(app, deps);
  registerErasureJobs(deps, { notifyApps: notifyAppsOfErasure });
  registerErasureRoutes(app, deps);
  registerExportRoutes(app, deps);
  registerAccessLogRoutes(app, deps);
  registerReportingRoutes(app, deps);
  if (deps.config.movableClock) {
    const { clock } = deps;
    if (!isMovable(clock)) throw new Error('--movable-clock needs a clock that can be moved');
    registerClockRoutes(app, deps, clock, () => deps.jobs.runDue());
  }
}
