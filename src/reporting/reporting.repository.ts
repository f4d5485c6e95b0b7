import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';

/** What the app reported before of these accounts, locked until the report is answered. */
export async function findReportedAccountRowsForUpdate(
  db: Kysely<Database>,
  appKey: string,
  accountIds: readonly string[],
) {
  if (accountIds.length === 0) return [];
  return db
    .selectFrom('reported_accounts')
    .selectAll()
    .where('app_key', '=', appKey)
    .where('account_id', 'in', accountIds)
    .orderBy('account_id')
    .forUpdate()
    .execute();
}

/** One reported account: kept, with its first report, `closed` answered once and remembered. */
export interface ReportedAccountWrite {
  readonly accountId: string;
  readonly updatedAt: Date;
  readonly closed: boolean;
}

/** Remembers a report of these accounts by the app at `now`. */
export async function upsertReportedAccountRows(
  db: Kysely<Database>,
  appKey: string,
  siteId: string | null,
  now: Date,
  accounts: readonly ReportedAccountWrite[],
): Promise<void> {
  if (accounts.length === 0) return;
  await db
    .insertInto('reported_accounts')
    .values(
      accounts.map((account) => ({
        app_key: appKey,
        account_id: account.accountId,
        first_reported_at: now,
        last_reported_at: now,
        reported_updated_at: account.updatedAt,
        last_site_id: siteId,
        closed_answered_at: account.closed ? now : null,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['app_key', 'account_id']).doUpdateSet({
        last_reported_at: now,
        reported_updated_at: (eb) => eb.ref('excluded.reported_updated_at'),
        last_site_id: (eb) => eb.ref('excluded.last_site_id'),
        closed_answered_at: sql`coalesce(reported_accounts.closed_answered_at, excluded.closed_answered_at)`,
      }),
    )
    .execute();
}

/** Counts a report by the app. */
export async function recordAppReport(db: Kysely<Database>, appKey: string, now: Date): Promise<void> {
  await db
    .insertInto('reporting_apps')
    .values({ app_key: appKey, first_report_at: now, last_report_at: now, reports: 1 })
    .onConflict((oc) =>
      oc.column('app_key').doUpdateSet({ last_report_at: now, reports: sql`reporting_apps.reports + 1` }),
    )
    .execute();
}

/** The apps that reported this account, newest report first. */
export async function findReportsOfAccount(db: Kysely<Database>, accountId: string) {
  return db
    .selectFrom('reported_accounts')
    .select(['app_key', 'first_reported_at', 'last_reported_at', 'closed_answered_at'])
    .where('account_id', '=', accountId)
    .orderBy('last_reported_at', 'desc')
    .orderBy('app_key')
    .execute();
}

/** Every app installed somewhere, with when it last reported (null: never) and its installs. */
export async function listInstalledAppsWithReports(db: Kysely<Database>) {
  return db
    .selectFrom('connect_installs')
    .innerJoin('connect_apps', 'connect_apps.app_key', 'connect_installs.app_key')
    .leftJoin('reporting_apps', 'reporting_apps.app_key', 'connect_installs.app_key')
    .select([
      'connect_installs.app_key',
      'connect_apps.name',
      'reporting_apps.last_report_at',
      'reporting_apps.reports',
      (eb) => eb.fn.min('connect_installs.installed_at').as('first_installed_at'),
      (eb) => eb.fn.count<number>('connect_installs.site_id').as('sites'),
    ])
    .where('connect_installs.status', '=', 'installed')
    .groupBy([
      'connect_installs.app_key',
      'connect_apps.name',
      'reporting_apps.last_report_at',
      'reporting_apps.reports',
    ])
    .orderBy('connect_installs.app_key')
    .execute();
}

/** The sites where the app is installed now: the accounts it could have seen live there. */
export async function findInstalledSiteIds(db: Kysely<Database>, appKey: string): Promise<string[]> {
  const rows = await db
    .selectFrom('connect_installs')
    .select('site_id')
    .where('app_key', '=', appKey)
    .where('status', '=', 'installed')
    .execute();
  return rows.map((row) => row.site_id);
}

/**
 * Status and last change of the accounts among `accountIds` that are linked to one of `siteIds` (the
 * ones the app could have seen); the others are left out, as if they did not exist.
 */
export async function findVisibleAccountStates(
  db: Kysely<Database>,
  accountIds: readonly string[],
  siteIds: readonly string[],
) {
  if (accountIds.length === 0 || siteIds.length === 0) return [];
  return db
    .selectFrom('accounts')
    .select(['account_id', 'status', 'updated_at'])
    .where('account_id', 'in', accountIds)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('site_accounts')
          .select('site_accounts.account_id')
          .whereRef('site_accounts.account_id', '=', 'accounts.account_id')
          .where('site_accounts.site_id', 'in', siteIds),
      ),
    )
    .execute();
}
