import type { ErasureReportBody } from './erasure.model.ts';

/** One report per erasure: what was done and what the scan found. Holds no personal data. */
export interface ErasureReportsTable {
  deletion_id: string;
  account_id: string;
  completed_at: Date;
  attempts: number;
  /** Whether the scan found none of the erased values anywhere. */
  clean: boolean;
  report: ErasureReportBody;
}

export interface ErasureTables {
  erasure_reports: ErasureReportsTable;
}
