/** API tokens and sessions are stored as SHA-256 hashes; the plain values exist only in the caller's hands. */
export interface CredentialTables {
  api_tokens: {
    token_id: string;
    account_id: string;
    label: string;
    token_hash: string;
    created_at: Date;
    last_used_at: Date | null;
  };
  sessions: { session_hash: string; account_id: string; created_at: Date; expires_at: Date };
}
