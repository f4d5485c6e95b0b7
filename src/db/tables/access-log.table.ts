import type { Generated } from 'kysely';

/** One read of one field of an account by an app or an admin: the person's access log is made of these. */
export interface FieldReadsTable {
  read_id: Generated<number>;
  /** Whose field was read. */
  account_id: string;
  reader_kind: 'app' | 'admin';
  /** The app key, or the admin's accountId. */
  reader_id: string;
  /** The site the read went through, when there is one. */
  site_id: string | null;
  /** A profile field name (`email`, `location`, ...). */
  field: string;
  read_at: Date;
}

export interface AccessLogTables {
  field_reads: FieldReadsTable;
}
