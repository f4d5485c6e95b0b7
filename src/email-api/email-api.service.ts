/**
 * The Email API: an app that needs people's email addresses (with the `ACCESS_EMAIL_ADDRESSES` scope)
 * applies with its use cases; a platform admin approves or rejects; an approved app then reads emails
 * whatever their visibility, as a viewer of its own kind (`email-api-app` in the one decision), and
 * every read is recorded before the address leaves.
 */
import type { Kysely } from 'kysely';
import { recordFieldReads } from '../access-log/access-log.repository.ts';
import type { EmailApiStatus } from '../apps/apps.model.ts';
import { findAppRow, listInstalledRowsOfApp, updateAppEmailApiStatus } from '../apps/apps.repository.ts';
import { emailApiDecided } from '../audit/audit.entries.ts';
import { recordAuditOnSites } from '../audit/audit.service.ts';
import { normalizeScopes } from '../auth/app-scopes.ts';
import type { Clock } from '../clock/clock.ts';
import type { Database } from '../db/schema.ts';
import type { Directory } from '../directory/directory.ts';
import { VeilError } from '../errors/veil-error.ts';
import type { Site } from '../sites/sites.model.ts';
import type { Viewer } from '../visibility/visibility.ts';
import {
  type ApplicationRow,
  findApplicationRow,
  listApplicationRows,
  recordDecisionRow,
  upsertApplicationRow,
} from './email-api.repository.ts';

/** An app's standing with the Email API, and its application if it made one. */
export interface EmailApiStanding {
  readonly appKey: string;
  readonly status: EmailApiStatus | null;
  readonly useCases: readonly string[];
  readonly appliedBy: string | null;
  readonly appliedAt: Date | null;
  readonly decidedBy: string | null;
  readonly decidedAt: Date | null;
  readonly reason: string | null;
}

/** One email an approved app read. */
export interface EmailRecord {
  readonly accountId: string;
  readonly email: string;
}

/** A person acting on an app's application: who, whether a platform admin, and the sites they administer. */
export interface EmailApiActor {
  readonly accountId: string;
  readonly isPlatformAdmin: boolean;
  readonly administeredSiteIds: readonly string[];
}

/** An app reading emails as itself: its key and its own account. */
export interface EmailApiApp {
  readonly appKey: string;
  readonly accountId: string;
}

function toStanding(
  appKey: string,
  status: EmailApiStatus | null,
  row: ApplicationRow | undefined,
): EmailApiStanding {
  return {
    appKey,
    status,
    useCases: row ? (JSON.parse(row.use_cases) as string[]) : [],
    appliedBy: row?.applied_by ?? null,
    appliedAt: row?.applied_at ?? null,
    decidedBy: row?.decided_by ?? null,
    decidedAt: row?.decided_at ?? null,
    reason: row?.decision_reason ?? null,
  };
}

/** The app's standing, or `email_api.app_not_found`. */
export async function getEmailApiStanding(db: Kysely<Database>, appKey: string): Promise<EmailApiStanding> {
  const app = await findAppRow(db, appKey);
  if (!app)
    throw new VeilError('email_api.app_not_found', `No app with the key ${appKey} was ever installed`);
  return toStanding(appKey, app.email_api_status, await findApplicationRow(db, appKey));
}

/**
 * The app's standing and application, for the admins of a site it is installed on and platform admins
 * (the use cases are the vendor's and the installing admins' business); `auth.forbidden` for others.
 */
export async function readEmailApiStanding(
  db: Kysely<Database>,
  appKey: string,
  reader: EmailApiActor,
): Promise<EmailApiStanding> {
  const standing = await getEmailApiStanding(db, appKey);
  if (!reader.isPlatformAdmin)
    assertAdministersApp(await listInstalledRowsOfApp(db, appKey), reader, appKey, 'read its application');
  return standing;
}

function assertAdministersApp(
  installs: readonly { site_id: string }[],
  person: EmailApiActor,
  appKey: string,
  what: string,
): void {
  if (person.isPlatformAdmin) return;
  if (installs.some((row) => person.administeredSiteIds.includes(row.site_id))) return;
  throw new VeilError(
    'auth.forbidden',
    `Only an admin of a site the app ${appKey} is installed on, or a platform admin, may ${what}`,
  );
}

/**
 * Applies for the app (by an admin of a site it is installed on, or a platform admin), in one
 * transaction: its live installs must ask for `ACCESS_EMAIL_ADDRESSES`. A new application replaces a
 * rejected or pending one.
 */
export async function applyForEmailApi(
  db: Kysely<Database>,
  clock: Clock,
  appKey: string,
  applicant: EmailApiActor,
  useCases: readonly string[],
): Promise<EmailApiStanding> {
  return db.transaction().execute((trx) => writeApplication(trx, clock, appKey, applicant, useCases));
}

async function writeApplication(
  db: Kysely<Database>,
  clock: Clock,
  appKey: string,
  applicant: EmailApiActor,
  useCases: readonly string[],
): Promise<EmailApiStanding> {
  const standing = await getEmailApiStanding(db, appKey);
  const installs = await listInstalledRowsOfApp(db, appKey);
  assertAdministersApp(installs, applicant, appKey, 'apply for it');
  const scoped = installs.some((row) =>
    normalizeScopes(row.scopes.split(' ')).includes('ACCESS_EMAIL_ADDRESSES'),
  );
  if (!scoped) {
    throw new VeilError(
      'email_api.scope_missing',
      `The app ${appKey} must ask for the ACCESS_EMAIL_ADDRESSES scope in its descriptor first`,
    );
  }
  if (standing.status === 'approved') {
    throw new VeilError(
      'email_api.already_approved',
      `The app ${appKey} is already approved for the Email API`,
    );
  }
  const now = clock.now();
  await upsertApplicationRow(db, {
    app_key: appKey,
    use_cases: JSON.stringify(useCases),
    applied_by: applicant.accountId,
    applied_at: now,
    decided_by: null,
    decided_at: null,
    decision_reason: null,
  });
  await updateAppEmailApiStatus(db, appKey, 'pending', now);
  return getEmailApiStanding(db, appKey);
}

/** A platform admin's decision on the app's application (approving, rejecting, or later revoking). */
export interface EmailApiDecision {
  readonly status: 'approved' | 'rejected';
  readonly reason?: string;
}

/** Records a platform admin's (`adminAccountId`) decision on the app's application, in one transaction. */
export async function decideEmailApi(
  db: Kysely<Database>,
  clock: Clock,
  appKey: string,
  adminAccountId: string,
  decision: EmailApiDecision,
): Promise<EmailApiStanding> {
  return db.transaction().execute((trx) => writeDecision(trx, clock, appKey, adminAccountId, decision));
}

async function writeDecision(
  db: Kysely<Database>,
  clock: Clock,
  appKey: string,
  adminAccountId: string,
  decision: EmailApiDecision,
): Promise<EmailApiStanding> {
  await getEmailApiStanding(db, appKey);
  if (!(await findApplicationRow(db, appKey))) {
    throw new VeilError('email_api.no_application', `The app ${appKey} has not applied for the Email API`);
  }
  const now = clock.now();
  await recordDecisionRow(db, appKey, {
    decidedBy: adminAccountId,
    decidedAt: now,
    reason: decision.reason ?? null,
  });
  await updateAppEmailApiStatus(db, appKey, decision.status, now);
  // The decision is the platform's, and it changes what the app reads on every site it is installed on:
  // each of them records it (without the reason, free text that may name someone).
  const siteIds = [...new Set((await listInstalledRowsOfApp(db, appKey)).map((row) => row.site_id))];
  const actor = { authorAccountId: adminAccountId, eventSource: 'Veil admin' } as const;
  await recordAuditOnSites(db, clock, siteIds, emailApiDecided(actor, appKey, decision.status));
  return getEmailApiStanding(db, appKey);
}

/** Every application, oldest first (only those with `status` when given). */
export async function listEmailApiApplications(
  db: Kysely<Database>,
  status?: EmailApiStatus,
): Promise<EmailApiStanding[]> {
  const rows = await listApplicationRows(db, status);
  return rows.map((row) => toStanding(row.app_key, row.email_api_status, row));
}

/**
 * The emails an approved app's `viewer` is given of the accounts of `site` among `accountIds` (in order;
 * those with no email, or not on the site, left out), through the one decision. Records nothing: the
 * Email API records each read (`readEmails`); the person's preview shows what it would be given.
 */
export async function emailsSeenBy(
  directory: Directory,
  viewer: Extract<Viewer, { kind: 'email-api-app' }>,
  site: Site,
  accountIds: readonly string[],
): Promise<EmailRecord[]> {
  const entries = await directory.entries(accountIds);
  return [...new Set(accountIds)].flatMap((accountId) => {
    const entry = entries.get(accountId);
    const email = entry?.links.has(site.id) ? directory.viewOf(entry, viewer).email : undefined;
    return email ? [{ accountId, email }] : [];
  });
}

/**
 * The emails of the accounts of `site` among `accountIds` (in order; those with no email, or not on the
 * site, left out), as the approved app reads them through the Email API; every one recorded first.
 */
export async function readEmails(
  db: Kysely<Database>,
  clock: Clock,
  directory: Directory,
  app: EmailApiApp,
  site: Site,
  accountIds: readonly string[],
): Promise<EmailRecord[]> {
  const row = await findAppRow(db, app.appKey);
  if (row?.email_api_status !== 'approved') {
    throw new VeilError(
      'email_api.not_approved',
      `The app ${app.appKey} is not approved to use the Email API (${row?.email_api_status ?? 'it never applied'})`,
    );
  }
  const viewer = { kind: 'email-api-app', appKey: app.appKey, accountId: app.accountId } as const;
  const records = await emailsSeenBy(directory, viewer, site, accountIds);
  await recordFieldReads(
    db,
    clock,
    records.map((record) => ({
      accountId: record.accountId,
      readerKind: 'app' as const,
      readerId: app.appKey,
      siteId: site.id,
      field: 'email' as const,
    })),
  );
  return records;
}
