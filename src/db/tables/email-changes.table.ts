/**
 * An email change waiting for its new address to be proven: at most one per account (a new request
 * replaces it). The link's token is stored as its SHA-256 hash only; following the link deletes the row,
 * so a link works once.
 */
export interface EmailChangesTable {
  account_id: string;
  new_email: string;
  token_hash: string;
  requested_at: Date;
  expires_at: Date;
}

export interface EmailChangeTables {
  email_changes: EmailChangesTable;
}
