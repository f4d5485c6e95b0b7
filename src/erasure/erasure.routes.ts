import type { Kysely } from 'kysely';
import type { Static } from 'typebox';
import { AccountParams } from '../accounts/accounts.schemas.ts';
import { requirePerson, requirePlatformAdmin } from '../auth/caller.ts';
import type { Database } from '../db/schema.ts';
import type { Directory } from '../directory/directory.ts';
import { VeilError } from '../errors/veil-error.ts';
import { pageQuery, veilErrors } from '../http/contracts.ts';
import type { VeilApp } from '../http/server.ts';
import type { ErasureReport } from './erasure.model.ts';
import { completeErasureReport, getErasureReport } from './erasure.reports.ts';
import { countErasureReports, listErasureReportRows } from './erasure.repository.ts';
import { ErasureReportPage, ErasureReportView } from './erasure.schemas.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps {
  readonly db: Kysely<Database>;
  readonly directory: Directory;
}

/** The report as the API shows it (the internal deletion id stays inside). */
function renderReport(report: ErasureReport): Static<typeof ErasureReportView> {
  return {
    accountId: report.accountId,
    clean: report.clean,
    requestedAt: report.requestedAt,
    requestedBy: { ...report.requestedBy },
    dueAt: report.dueAt,
    startedAt: report.startedAt,
    completedAt: report.completedAt,
    attempts: report.attempts,
    tables: report.tables.map((t) => ({ ...t })),
    unreviewedTables: [...report.unreviewedTables],
    scan: { ...report.scan, matches: report.scan.matches.map((m) => ({ ...m })) },
    appsNotified: report.appsNotified.map((a) => ({ ...a })),
    rewrite: { tables: [...report.rewrite.tables], completedAt: report.rewrite.completedAt },
    appsAnsweredClosed: report.appsAnsweredClosed.map((a) => ({ ...a })),
  };
}

/** Erasure reports, for platform admins and for the admin who asked for the deletion. */
export function registerErasureRoutes(app: VeilApp, deps: Deps) {
  const tags = ['deletion'];
  app.get(
    '/veil/v1/accounts/:accountId/erasure-report',
    {
      schema: {
        tags,
        summary: "The proof of an account's erasure (platform admins, and the admin who asked for it)",
        params: AccountParams,
        response: { 200: ErasureReportView, ...veilErrors },
      },
    },
    async (request) => {
      const caller = requirePerson(request.caller);
      const report = await getErasureReport(deps.db, request.params.accountId);
      const requester = report.requestedBy.role !== 'self' ? report.requestedBy.accountId : null;
      if (!caller.isPlatformAdmin && requester !== caller.account.accountId) {
        throw new VeilError(
          'auth.forbidden',
          'Only a platform admin, or the admin who asked for the deletion, may read this',
        );
      }
      // A report is proof that the person is gone: no live node may still serve them once it is read.
      await deps.directory.settleEverywhere();
      return renderReport(report);
    },
  );

  app.get(
    '/veil/v1/erasure-reports',
    {
      schema: {
        tags,
        summary: 'Every erasure report, newest first (platform admins)',
        querystring: pageQuery,
        response: { 200: ErasureReportPage, ...veilErrors },
      },
    },
    async (request) => {
      requirePlatformAdmin(request.caller);
      const [rows, total] = await Promise.all([
        listErasureReportRows(deps.db, request.query),
        countErasureReports(deps.db),
      ]);
      if (rows.length > 0) await deps.directory.settleEverywhere();
      const values = [];
      for (const row of rows) values.push(renderReport(await completeErasureReport(deps.db, row)));
      return { startAt: request.query.startAt, maxResults: request.query.maxResults, total, values };
    },
  );
}
