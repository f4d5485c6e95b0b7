import { createRequire } from 'node:module';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Config, RateBudget } from '../config/config.ts';
import type { Database } from '../db/schema.ts';
import type { VeilApp } from '../http/server.ts';
import { refuseOverLimit, setRateLimitHeaders } from './rate-limit-headers.ts';
import { chooseRequestBudget, type RateLimitPolicies } from './rate-limits.model.ts';
import { findRateLimitPolicies } from './rate-limits.repository.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps {
  readonly config: Config;
  readonly db: Kysely<Database>;
}

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

/** @fastify/rate-limit's in-memory store: a count and a window per key, in an LRU map. */
interface Counts {
  incr(
    key: string,
    answer: (error: Error | null, result: { current: number; ttl: number }) => void,
    windowMs: number,
    max: number,
  ): void;
}
type CountsConstructor = new (
  continueExceeding: boolean,
  exponentialBackoff: boolean,
  size: number,
) => Counts;

// The plugin's own store, used directly: it answers synchronously, so the hot read path takes no promise.
const LocalStore = createRequire(import.meta.url)(
  '@fastify/rate-limit/store/LocalStore.js',
) as CountsConstructor;

/** Adds @fastify/rate-limit's counters to the app (`createRateLimit`); nothing is limited by this alone. */
export async function registerRateLimitPlugin(app: VeilApp): Promise<void> {
  await app.register(fastifyRateLimit, { global: false });
}

/** Counts one request against a budget; the state the headers and a refusal are made from. */
function spend(counts: Counts, key: string, budget: RateBudget) {
  let spent = { current: 0, ttl: budget.windowMs };
  counts.incr(key, (_error, result) => (spent = result), budget.windowMs, budget.max);
  return {
    max: budget.max,
    remaining: Math.max(0, budget.max - spent.current),
    ttl: spent.ttl,
    exceeded: spent.current > budget.max,
  };
}

/**
 * Counts every request against its caller's budget (see rate-limits.model.ts) once the caller is
 * known; over budget, the request is refused with 429 before its body is read. The JQL routes also
 * spend the caller's JQL budget. The budgets scenarios gave sites and apps are read once, at start
 * (scenarios load before Veil listens). The health check, the docs and the pages are not counted.
 */
export async function registerRequestLimits(app: VeilApp, deps: Deps): Promise<void> {
  const policies: RateLimitPolicies = await findRateLimitPolicies(deps.db);
  const { requests: fallback, jql } = deps.config.rateLimits;
  const requestCounts = new LocalStore(false, false, countedCallers);
  const jqlCounts = new LocalStore(false, false, countedCallers);
  app.addHook('onRequest', (request, reply, done) => {
    if (isUncounted(request)) return done();
    const siteId = request.site?.id ?? null;
    const { key, budget } = chooseRequestBudget(request.caller, siteId, request.ip, policies, fallback);
    const state = spend(requestCounts, key, budget);
    if (state.exceeded) {
      const message = 'Too many requests from this caller';
      return done(refuseOverLimit(reply, state, 'rate_limit.exceeded', requestRateReason, message));
    }
    setRateLimitHeaders(reply, state);
    if ((request.routeOptions.config as JqlBudgetConfig | undefined)?.jqlBudget !== true) return done();
    const jqlState = spend(jqlCounts, key, jql);
    if (!jqlState.exceeded) return done();
    const message = 'Too many JQL requests from this caller';
    done(refuseOverLimit(reply, jqlState, 'rate_limit.exceeded', costRateReason, message));
  });
}

function isUncounted(request: FastifyRequest): boolean {
  const { url } = request;
  if (url.startsWith('/veil/v1/health') || url.startsWith('/docs')) return true;
  return (request.routeOptions.config as { page?: boolean } | undefined)?.page === true;
}
