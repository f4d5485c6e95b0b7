import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { requirePlatformAdmin } from '../auth/caller.ts';
import type { Config } from '../config/config.ts';
import type { StoreDeps } from '../db/schema.ts';
import { VeilError } from '../errors/veil-error.ts';
import { NoContent, VeilErrorBody, veilErrors } from '../http/contracts.ts';
import { renderError } from '../http/errors.ts';
import type { VeilApp } from '../http/server.ts';
import { TrackerErrorBody, trackerErrors } from '../user-api/tracker-user.schemas.ts';
import { ReportAccountsAnswer, ReportAccountsBody, ReportingOverview } from './reporting.schemas.ts';
import { type AppReporting, listAppReporting, type Reporter, receiveReport } from './reporting.service.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps extends StoreDeps {
  readonly config: Config;
}

// Reporting writes only tables the directory does not hold: no need to wait for it to catch up.
const noSyncNeeded = { readOnly: true } as const;

async function answer(
  deps: Deps,
  request: FastifyRequest<{ Body: Static<typeof ReportAccountsBody> }>,
  reply: FastifyReply,
  reporter: Reporter,
) {
  const period = deps.config.reportingCyclePeriod;
  const reported = request.body.accounts.map((a) => ({
    accountId: a.accountId,
    updatedAt: new Date(a.updatedAt),
  }));
  const result = await receiveReport(deps.db, deps.clock, period, reporter, reported);
  reply.header('Cycle-Period', period);
  if (result.kind === 'too-soon') {
    const error = new VeilError(
      'reporting.too_soon',
      `An account in this report was already reported within the cycle period (${period}); send it again in ${result.retryAfterSeconds} seconds`,
    );
    return reply
      .status(429)
      .header('Retry-After', String(result.retryAfterSeconds))
      .send(renderError(error, request.url, request.id));
  }
  if (result.accounts.length === 0) return reply.status(204).send(null);
  return reply.status(200).send({ accounts: [...result.accounts] });
}

/** One app's reporting on the wire. */
function renderAppReporting(app: AppReporting) {
  return {
    appKey: app.appKey,
    name: app.name,
    sites: app.sites,
    lastReportAt: app.lastReportAt?.toISOString() ?? null,
    reports: app.reports,
    dueBy: app.dueBy.toISOString(),
    overdue: app.overdue,
  };
}

const tags = ['personal data reporting'];

/** Personal-data reporting: apps report the accounts they store; platform admins see who is behind. */
export function registerReportingRoutes(app: VeilApp, deps: Deps) {
  registerConnectReport(app, deps);
  registerBearerReport(app, deps);
  registerReportingOverview(app, deps);
}

function registerConnectReport(app: VeilApp, deps: Deps) {
  app.post(
    '/rest/atlassian-connect/latest/report-accounts',
    {
      config: noSyncNeeded,
      schema: {
        tags,
        summary: 'Report the accounts a Connect app stores; answers those that need action',
        body: ReportAccountsBody,
        response: { 200: ReportAccountsAnswer, 204: NoContent, 429: TrackerErrorBody, ...trackerErrors },
      },
    },
    async (request, reply) => {
      const { caller } = request;
      if (caller.kind !== 'app') {
        throw new VeilError('auth.required', 'Report accounts as a Connect app, with its JWT');
      }
      return answer(deps, request, reply, { appKey: caller.appKey, siteId: caller.siteId });
    },
  );
}

function registerBearerReport(app: VeilApp, deps: Deps) {
  app.post(
    '/app/report-accounts',
    {
      config: noSyncNeeded,
      schema: {
        tags,
        summary: 'Report the accounts an app stores, with a bearer token Veil issued to it (/oauth2/token)',
        body: ReportAccountsBody,
        response: { 200: ReportAccountsAnswer, 204: NoContent, 429: VeilErrorBody, ...veilErrors },
      },
    },
    async (request, reply) => {
      // The authentication hook has checked the token: the app it was issued to reports, whoever it acts for.
      const { caller } = request;
      const impersonation = caller.kind === 'person' ? caller.impersonation : undefined;
      if (!impersonation) {
        throw new VeilError(
          'auth.required',
          'Send Authorization: Bearer <token>, a token Veil issued to the app',
        );
      }
      return answer(deps, request, reply, { appKey: impersonation.appKey, siteId: impersonation.siteId });
    },
  );
}

function registerReportingOverview(app: VeilApp, deps: Deps) {
  app.get(
    '/veil/v1/reporting/apps',
    {
      schema: {
        tags,
        summary: 'Installed apps and their reporting: who is overdue (platform admins)',
        response: { 200: ReportingOverview, ...veilErrors },
      },
    },
    async (request) => {
      requirePlatformAdmin(request.caller);
      const period = deps.config.reportingCyclePeriod;
      const apps = await listAppReporting(deps.db, deps.clock, period);
      return { cyclePeriod: period, apps: apps.map(renderAppReporting) };
    },
  );
}
