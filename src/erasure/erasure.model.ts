import type { Selectable } from 'kysely';
import type { DeletionRequesterRole } from '../db/tables/deletion.table.ts';
import type { ErasureReportsTable } from '../db/tables/erasure.table.ts';
import type { ScanMatch } from './erasure.scan.ts';

/** What the erasure did to one table. */
export interface TableOutcome {
  readonly table: string;
  readonly action: 'scrubbed' | 'deleted' | 'rewritten' | 'kept';
  readonly rows: number;
  /** Why a kept table holds nothing personal. */
  readonly reason?: string;
}

/** An install that was told of the deletion (a `user_deleted` delivery was queued for it). */
export interface NotifiedApp {
  readonly appKey: string;
  readonly siteId: string;
}

/** The stored report. Names tables, columns, apps, accountIds and times; never a personal value. */
export interface ErasureReportBody {
  readonly requestedAt: string;
  readonly requestedBy: { readonly role: DeletionRequesterRole; readonly accountId: string | null };
  readonly dueAt: string;
  readonly startedAt: string;
  readonly completedAt: string;
  readonly attempts: number;
  readonly tables: readonly TableOutcome[];
  /** Tables with no erasure policy (there should be none; a test sees to it). */
  readonly unreviewedTables: readonly string[];
  readonly scan: {
    readonly tables: number;
    readonly columns: number;
    readonly valuesSearched: number;
    readonly matches: readonly ScanMatch[];
  };
  readonly appsNotified: readonly NotifiedApp[];
}

/** A report as read back, with the apps that have since been answered `closed` for the account. */
export interface ErasureReport extends ErasureReportBody {
  readonly deletionId: string;
  readonly accountId: string;
  readonly clean: boolean;
  /** The tables the erasure changed, rewritten on disk after it (VACUUM FULL); `completedAt` null until then. */
  readonly rewrite: { readonly tables: readonly string[]; readonly completedAt: string | null };
  readonly appsAnsweredClosed: readonly { readonly appKey: string; readonly answeredAt: string }[];
}

/** A stored report; its `report` column holds the JSON of an `ErasureReportBody` (written only by Veil). */
export type ErasureReportRow = Omit<Selectable<ErasureReportsTable>, 'report'> & {
  readonly report: ErasureReportBody;
};
