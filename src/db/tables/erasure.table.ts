/** One report per erasure: what was done and what the scan found. Holds no personal data. */
export interface ErasureReportsTable {
  deletion_id: string;
  account_id: string;
  completed_at: Date;
  attempts: number;
  /** Whether the scan found none of the erased values anywhere. */
  clean: boolean;
  /** The report as JSON (an `ErasureReportBody`, see src/erasure/erasure.model.ts); written only by Veil. */
  report: unknown;
  /** When the tables the erasure changed were rewritten on disk (VACUUM FULL); null until then. */
  rewritten_at: Date | null;
}

/**
 * The store's own random identity (one row, made by its migration). The erasure ledger, a file outside
 * the store, names its entries by it: a restored backup of this store has the same identity and gets its
 * erasures re-applied; a new, empty store has another and is left alone.
 */
export interface StoreIdentityTable {
  store_id: string;
}

export interface ErasureTables {
  erasure_reports: ErasureReportsTable;
  store_identity: StoreIdentityTable;
}
