/**
 * The directory's ways to an account from what a request names, as queries (each on a unique index:
 * api_tokens.token_hash, accounts_global_email, accounts_customer_email).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** An API token as a sign-in needs it: whose it is, and its id (for usage counts). */
export interface TokenOwner {
  readonly accountId: string;
  readonly tokenId: string;
}

/** The API token with this SHA-256 hash, if any. */
export async function findTokenByHash(
  db: Kysely<Database>,
  tokenHash: string,
): Promise<TokenOwner | undefined> {
  const row = await db
    .selectFrom('api_tokens')
    .select(['account_id', 'token_id'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row && { accountId: row.account_id, tokenId: row.token_id };
}

/** The Atlassian account with this (normalized) email, anywhere. */
export async function findGlobalEmailOwner(db: Kysely<Database>, emailNormalized: string) {
  const row = await db
    .selectFrom('accounts')
    .select('account_id')
    .where('account_type', '=', 'atlassian')
    .where('email_normalized', '=', emailNormalized)
    .executeTakeFirst();
  return row?.account_id;
}

/** The customer account of the site with this (normalized) email. */
export async function findCustomerEmailOwner(db: Kysely<Database>, siteId: string, emailNormalized: string) {
  const row = await db
    .selectFrom('accounts')
    .select('account_id')
    .where('account_type', '=', 'customer')
    .where('customer_site_id', '=', siteId)
    .where('email_normalized', '=', emailNormalized)
    .executeTakeFirst();
  return row?.account_id;
}
