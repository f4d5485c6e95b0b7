import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import type { Dependencies, VeilApp } from '../http/server.ts';
import { refuseOverLimit, setRateLimitHeaders } from './rate-limit-headers.ts';
import { chooseRequestBudget, type RateLimitPolicies, type RequestBudget } from './rate-limits.model.ts';
import { findRateLimitPolicies } from './rate-limits.repository.ts';

/** The reason a request over its budget is refused with (the tracker's name for a request-rate limit). */
export const requestRateReason = 'jira-burst-based';

/** The reason a JQL request over the JQL budget is refused with (the tracker's name for a cost limit). */
export const costRateReason = 'jira-cost-based';

/** Route config of the routes that also spend the caller's JQL budget (`config: { jqlBudget: true }`). */
export interface JqlBudgetConfig {
  readonly jqlBudget?: boolean;
}

/** How many callers' counts are kept at once (the least recently seen are forgotten first). */
const countedCallers = 20_000;

declare module 'fastify' {
  interface FastifyRequest {
    /** The budget the request spends, once the caller is known (null for routes that are not limited). */
    rateBudget: RequestBudget | null;
  }
}

/** Adds @fastify/rate-limit's counters to the app (`createRateLimit`); nothing is limited by this alone. */
export async function registerRateLimitPlugin(app: VeilApp): Promise<void> {
  await app.register(fastifyRateLimit, { global: false });
}

/**
 * Counts every request against its caller's budget (see rate-limits.model.ts) once the caller is
 * known; over budget, the request is refused with 429 before its handler runs. The budgets scenarios
 * gave sites and apps are read once, at start (scenarios load before Veil listens). The health check,
 * the docs and the pages are not counted.
 */
export async function registerRequestLimits(app: VeilApp, deps: Dependencies): Promise<void> {
  const policies: RateLimitPolicies = await findRateLimitPolicies(deps.db);
  const fallback = deps.config.rateLimits.requests;
  app.decorateRequest('rateBudget', null);
  const count = app.createRateLimit({
    keyGenerator: (request) => (request.rateBudget as RequestBudget).key,
    max: (request) => (request.rateBudget as RequestBudget).budget.max,
    timeWindow: (request) => (request.rateBudget as RequestBudget).budget.windowMs,
    cache: countedCallers,
  } as Parameters<VeilApp['createRateLimit']>[0]);
  const { jql } = deps.config.rateLimits;
  const countJql = app.createRateLimit({
    keyGenerator: (request) => (request.rateBudget as RequestBudget).key,
    max: jql.max,
    timeWindow: jql.windowMs,
    cache: countedCallers,
  } as Parameters<VeilApp['createRateLimit']>[0]);
  app.addHook('onRequest', (request, reply, done) => {
    if (isUncounted(request)) return done();
    const siteId = request.site?.id ?? null;
    request.rateBudget = chooseRequestBudget(request.caller, siteId, request.ip, policies, fallback);
    count(request).then((state) => {
      if (state.isAllowed) return done();
      if (state.isExceeded) {
        const message = 'Too many requests from this caller';
        return done(refuseOverLimit(reply, state, 'rate_limit.exceeded', requestRateReason, message));
      }
      setRateLimitHeaders(reply, state);
      if ((request.routeOptions.config as JqlBudgetConfig | undefined)?.jqlBudget !== true) return done();
      // Before the body is read: an over-budget JQL call costs nothing to refuse.
      countJql(request).then((jqlState) => {
        if (jqlState.isAllowed || !jqlState.isExceeded) return done();
        const message = 'Too many JQL requests from this caller';
        done(refuseOverLimit(reply, jqlState, 'rate_limit.exceeded', costRateReason, message));
      }, done);
    }, done);
  });
}

function isUncounted(request: FastifyRequest): boolean {
  const { url } = request;
  if (url.startsWith('/veil/v1/health') || url.startsWith('/docs')) return true;
  return (request.routeOptions.config as { page?: boolean } | undefined)?.page === true;
}
