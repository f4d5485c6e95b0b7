/**
 * Personal-data reporting: apps say which accounts they store and since when; Veil answers which of
 * them need action — `closed` (erase what you hold) or `updated` (refresh it) — and remembers what each
 * app reported, so that people see who holds their data and admins see which apps stop reporting.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../clock/clock.ts';
import { addDuration, parseDuration } from '../clock/duration.ts';
import { lockUntilCommit } from '../db/locks.ts';
import type { Database } from '../db/schema.ts';
import { VeilError } from '../errors/veil-error.ts';
import {
  findInstalledSiteIds,
  findReportedAccountRowsForUpdate,
  findVisibleAccountStates,
  listInstalledAppsWithReports,
  recordAppReport,
  upsertReportedAccountRows,
} from './reporting.repository.ts';

/** The documented limit of one report. */
export const maxReportedAccounts = 90;

/** The app that reports, and the sites whose accounts it could have seen. */
export interface ReportingApp {
  readonly appKey: string;
  /** The site the report came through (null for a global bearer token). */
  readonly siteId: string | null;
  readonly visibleSiteIds: readonly string[];
}

/** The app that reports: its key, and the site the report came through (null for a global bearer token). */
export type Reporter = Omit<ReportingApp, 'visibleSiteIds'>;

export interface ReportedAccount {
  readonly accountId: string;
  readonly updatedAt: Date;
}

export type AccountAction = { readonly accountId: string; readonly status: 'closed' | 'updated' };

/** The answer: what needs doing, or when the report may be sent again. */
export type ReportAnswer =
  | { readonly kind: 'answered'; readonly accounts: readonly AccountAction[] }
  | { readonly kind: 'too-soon'; readonly retryAfterSeconds: number };

function cycleOf(cyclePeriod: string) {
  const parsed = parseDuration(cyclePeriod);
  if (!parsed.ok) throw new Error(`the configured reporting cycle ${cyclePeriod} is not a duration`);
  return parsed.duration;
}

/** The one report of an account per app per cycle: several entries for one id count as the newest. */
function mergeDuplicates(accounts: readonly ReportedAccount[]): ReportedAccount[] {
  const byId = new Map<string, ReportedAccount>();
  for (const account of accounts) {
    const known = byId.get(account.accountId);
    if (!known || known.updatedAt < account.updatedAt) byId.set(account.accountId, account);
  }
  return [...byId.values()];
}

/**
 * Answers the app's report and remembers it, in one transaction; the app sees the accounts of the sites
 * it is installed on (see `answerReport`).
 */
export async function receiveReport(
  db: Kysely<Database>,
  clock: Clock,
  cyclePeriod: string,
  reporter: Reporter,
  reported: readonly ReportedAccount[],
): Promise<ReportAnswer> {
  const visibleSiteIds = await findInstalledSiteIds(db, reporter.appKey);
  const app = { ...reporter, visibleSiteIds };
  return db.transaction().execute((trx) => answerReport(trx, clock, cyclePeriod, app, reported));
}

/**
 * Answers a report and remembers it, in the caller's transaction. Every id is treated alike whether it
 * exists or not (remembered, limited to once a cycle), so an app learns nothing from an id it could not
 * see; only accounts of the app's sites can be `closed` or `updated`.
 */
async function answerReport(
  db: Kysely<Database>,
  clock: Clock,
  cyclePeriod: string,
  app: ReportingApp,
  reported: readonly ReportedAccount[],
): Promise<ReportAnswer> {
  if (reported.length > maxReportedAccounts) {
    throw new VeilError(
      'reporting.too_many_accounts',
      `A report holds at most ${maxReportedAccounts} accounts, not ${reported.length}; send them in batches`,
      [{ path: 'body.accounts', message: `has more than ${maxReportedAccounts} items` }],
    );
  }
  const accounts = mergeDuplicates(reported);
  const now = clock.now();
  const ids = accounts.map((a) => a.accountId);
  // Reports of one app are answered one after the other: an account it never reported before has no
  // row to lock yet, and two reports of it at once must not both be accepted.
  await lockUntilCommit(db, 'reporting-app', app.appKey);
  const previous = await findReportedAccountRowsForUpdate(db, app.appKey, ids);
  const waits = previous
    .map((row) => nextReportDue(cyclePeriod, row.last_reported_at).getTime() - now.getTime())
    .filter((wait) => wait > 0);
  if (waits.length > 0) {
    return { kind: 'too-soon', retryAfterSeconds: Math.ceil(Math.max(...waits) / 1000) };
  }
  const states = new Map(
    (await findVisibleAccountStates(db, ids, app.visibleSiteIds)).map((row) => [row.account_id, row]),
  );
  const actions: AccountAction[] = [];
  for (const account of accounts) {
    const state = states.get(account.accountId);
    if (state?.status === 'deleted') actions.push({ accountId: account.accountId, status: 'closed' });
    else if (state && state.updated_at > account.updatedAt)
      actions.push({ accountId: account.accountId, status: 'updated' });
  }
  const closed = new Set(actions.filter((a) => a.status === 'closed').map((a) => a.accountId));
  await upsertReportedAccountRows(
    db,
    app.appKey,
    app.siteId,
    now,
    accounts.map((a) => ({ ...a, closed: closed.has(a.accountId) })),
  );
  await recordAppReport(db, app.appKey, now);
  return { kind: 'answered', accounts: actions };
}

/**
 * When the next report is due, a cycle after `lastReportOrInstall`: until then a report of an account
 * holds (the app holds its data, and may not report it again); an app that never reported owes its
 * first a cycle after its install.
 */
export function nextReportDue(cyclePeriod: string, lastReportOrInstall: Date): Date {
  return addDuration(lastReportOrInstall, cycleOf(cyclePeriod));
}

/** One installed app's reporting, as platform admins follow it. */
export interface AppReporting {
  readonly appKey: string;
  readonly name: string;
  readonly sites: number;
  readonly lastReportAt: Date | null;
  readonly reports: number;
  readonly dueBy: Date;
  readonly overdue: boolean;
}

/** Every installed app with its reporting: when its next report is due, and whether it is overdue. */
export async function listAppReporting(
  db: Kysely<Database>,
  clock: Clock,
  cyclePeriod: string,
): Promise<AppReporting[]> {
  const now = clock.now();
  const rows = await listInstalledAppsWithReports(db);
  return rows.map((row) => {
    const dueBy = nextReportDue(cyclePeriod, row.last_report_at ?? new Date(row.first_installed_at));
    return {
      appKey: row.app_key,
      name: row.name,
      sites: Number(row.sites),
      lastReportAt: row.last_report_at ?? null,
      reports: row.reports ?? 0,
      dueBy,
      overdue: dueBy < now,
    };
  });
}
