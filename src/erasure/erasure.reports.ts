import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { VeilError } from '../errors/veil-error.ts';
import { findReportsOfAccount } from '../reporting/reporting.repository.ts';
import type { ErasureReport, ErasureReportRow } from './erasure.model.ts';
import { findErasureReportRow } from './erasure.repository.ts';
import { tablesToRewrite } from './erasure.rewrite.ts';

/** A stored report with what happened since: which apps reported the account and were told `closed`. */
export async function completeErasureReport(
  db: Kysely<Database>,
  row: ErasureReportRow,
): Promise<ErasureReport> {
  const reports = await findReportsOfAccount(db, row.account_id);
  return {
    ...row.report,
    deletionId: row.deletion_id,
    accountId: row.account_id,
    clean: row.clean,
    rewrite: {
      tables: tablesToRewrite(row.report.tables),
      completedAt: row.rewritten_at?.toISOString() ?? null,
    },
    appsAnsweredClosed: reports.flatMap((r) =>
      r.closed_answered_at ? [{ appKey: r.app_key, answeredAt: r.closed_answered_at.toISOString() }] : [],
    ),
  };
}

/** The report of the account's erasure, or `erasure.report_not_found`. */
export async function getErasureReport(db: Kysely<Database>, accountId: string): Promise<ErasureReport> {
  const row = await findErasureReportRow(db, accountId);
  if (!row) throw new VeilError('erasure.report_not_found', `No erasure of the account ${accountId} has run`);
  return completeErasureReport(db, row);
}
