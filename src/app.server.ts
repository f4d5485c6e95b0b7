import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify from 'fastify';
import type { AppInputs } from './app.ts';
import type { Config } from './config/config.ts';
import { handleError, handleNotFound } from './http/errors.ts';
import { createLoggerOptions } from './http/logging.ts';
import { buildRememberingSerializer } from './http/serialization.ts';
import type { VeilApp } from './http/server.ts';
import { createValidatorCompiler, nameFormat } from './http/validation.ts';
import { gatewayRouteUrl } from './user-api/gateway-path.ts';

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

/** The Fastify instance with Veil's limits, logger, request ids and serialiser. */
export function createFastify(inputs: AppInputs): VeilApp {
  return Fastify({
    logger: createLoggerOptions(inputs.config.logLevel, inputs.logDestination),
    bodyLimit: inputs.config.bodyLimitBytes,
    genReqId: createRequestIds(),
    // Forwarded headers are believed only from the proxies the operator named (`--trust-proxy`).
    trustProxy: inputs.config.trustProxy ?? false,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 1024 },
    // The API gateway's addresses reach the products' own routes: each operation is served once.
    rewriteUrl: (request) => gatewayRouteUrl(request.url ?? '/'),
    schemaController: { compilersFactory: { buildSerializer: buildRememberingSerializer } },
    // The serialiser tells anyOf branches apart with Ajv: names are checked on the way in, not out.
    serializerOpts: { ajv: { formats: { [nameFormat]: true } } },
    ...serverTimeoutOptions(inputs.config),
  }).withTypeProvider<TypeBoxTypeProvider>();
}

/** Validation, errors, the request's decorations, cookies and the OpenAPI document at /docs. */
export async function registerPlumbing(app: VeilApp): Promise<void> {
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
}
