/**
 * What a person sees of who looked at them: the reads of their non-public fields (one record each) and,
 * per app and day, how often apps were shown their profile; and which apps say they store their data.
 */

import type { Static } from 'typebox';
import { findAppNames } from '../apps/apps.repository.ts';
import type { PersonCaller } from '../auth/caller.ts';
import type { Config } from '../config/config.ts';
import type { StoreDeps } from '../db/schema.ts';
import type { Directory } from '../directory/directory.ts';
import { findReportsOfAccount } from '../reporting/reporting.repository.ts';
import { nextReportDue } from '../reporting/reporting.service.ts';
import { listFieldReads } from './access-log.repository.ts';
import type { AccessLogView, AppsHoldingYourData } from './access-log.schemas.ts';
import type { ProfileReadCounter } from './profile-reads.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps extends StoreDeps {
  readonly config: Config;
  readonly directory: Directory;
  readonly profileReads: ProfileReadCounter;
}

/** How many field reads the log lists, newest first. */
const fieldReadsListed = 1000;

/** The caller's own access log. */
export async function buildAccessLog(
  deps: Deps,
  caller: PersonCaller,
): Promise<Static<typeof AccessLogView>> {
  const accountId = caller.account.accountId;
  const [counts, reads] = await Promise.all([
    deps.profileReads.read(accountId),
    listFieldReads(deps.db, accountId, { limit: fieldReadsListed }),
  ]);
  const appKeys = [
    ...counts.map((row) => row.app_key),
    ...reads.flatMap((r) => (r.readerKind === 'app' ? [r.readerId] : [])),
  ];
  const names = await findAppNames(deps.db, appKeys);
  const admins = await deps.directory.entries(
    reads.flatMap((r) => (r.readerKind === 'app' ? [] : [r.readerId])),
  );
  // An admin is named as the person sees them (through the decision): a public name at least.
  const adminName = (id: string) => {
    const entry = admins.get(id);
    return entry ? deps.directory.viewOf(entry, caller.viewer).displayName : id;
  };
  return {
    fieldReads: reads.map((read) => ({
      reader: {
        kind: read.readerKind,
        id: read.readerId,
        name:
          read.readerKind === 'app' ? (names.get(read.readerId) ?? read.readerId) : adminName(read.readerId),
      },
      field: read.field,
      siteId: read.siteId,
      readAt: read.readAt.toISOString(),
    })),
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
  deps: Deps,
  accountId: string,
): Promise<Static<typeof AppsHoldingYourData>> {
  const period = deps.config.reportingCyclePeriod;
  const now = deps.clock.now();
  const reports = await findReportsOfAccount(deps.db, accountId);
  const current = reports.filter((report) => nextReportDue(period, report.last_reported_at) > now);
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
