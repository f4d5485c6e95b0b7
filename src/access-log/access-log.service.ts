/**
 * What a person sees of who looked at them: the reads of their non-public fields (one record each) and,
 * per app and day, how often apps were shown their profile; and which apps say they store their data.
 */
import type { Static } from 'typebox';
import { addDuration, parseDuration } from '../clock/duration.ts';
import { findAppNames } from '../export/export.repository.ts';
import type { PersonCaller } from '../http/caller.ts';
import type { Dependencies } from '../http/server.ts';
import { findReportsOfAccount } from '../reporting/reporting.repository.ts';
import type { AccessLogView, AppsHoldingYourData } from './access-log.schemas.ts';

/** The caller's own access log. */
export async function buildAccessLog(
  deps: Pick<Dependencies, 'db' | 'profileReads'>,
  caller: PersonCaller,
): Promise<Static<typeof AccessLogView>> {
  const counts = await deps.profileReads.read(caller.account.accountId);
  const names = await findAppNames(
    deps.db,
    counts.map((row) => row.app_key),
  );
  return {
    fieldReads: [],
    profileReads: counts.map((row) => ({
      appKey: row.app_key,
      appName: names.get(row.app_key) ?? row.app_key,
      day: row.day,
      reads: row.reads,
    })),
  };
}

/** The apps that reported storing the caller's data within the current reporting cycle. */
export async function findAppsHoldingData(
  deps: Pick<Dependencies, 'db' | 'clock' | 'config'>,
  accountId: string,
): Promise<Static<typeof AppsHoldingYourData>> {
  const period = deps.config.reportingCyclePeriod;
  const cycle = parseDuration(period);
  const now = deps.clock.now();
  const reports = await findReportsOfAccount(deps.db, accountId);
  const current = reports.filter(
    (report) => !cycle.ok || addDuration(report.last_reported_at, cycle.duration) > now,
  );
  const names = await findAppNames(
    deps.db,
    current.map((report) => report.app_key),
  );
  return {
    cyclePeriod: period,
    apps: current.map((report) => ({
      appKey: report.app_key,
      name: names.get(report.app_key) ?? report.app_key,
      firstReportedAt: report.first_reported_at.toISOString(),
      lastReportedAt: report.last_reported_at.toISOString(),
    })),
  };
}
