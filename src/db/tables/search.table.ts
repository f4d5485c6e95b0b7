import type { Generated } from 'kysely';

/**
 * Search in the database: what each audience may find a person by (decided views only), and the queue
 * of accounts to index again. Names and emails: the erasure deletes the person's rows.
 */
export interface AccountSearchNamesTable {
  account_id: string;
  /** Bitmask of the relations that see this sort key and these words (see search-rows.ts). */
  audiences: number;
  /** The organization managing the account, if any. */
  organization_id: string | null;
  /** The display name the audience sees, lower-cased. */
  sort_key: string;
  /** Every term, each preceded by U+001F, for a filtered ordered scan. */
  words: string;
  /** Whether the account is active (the only status searches find); erased accounts have no rows. */
  active: boolean;
}

export interface AccountSearchTermsTable {
  term: string;
  account_id: string;
  audiences: number;
  organization_id: string | null;
  /** The sort key of the names row of the same audiences (the display name they see, lower-cased). */
  sort_key: string;
  /** How many code points the term and the sort key start with in common, at most 16 (`leadOf`). */
  lead: number;
  active: boolean;
}

export interface SearchPendingTable {
  account_id: string;
  seq: Generated<string>;
  queued_at: Generated<Date>;
}

export interface SearchTables {
  account_search_names: AccountSearchNamesTable;
  account_search_terms: AccountSearchTermsTable;
  search_pending: SearchPendingTable;
}
