import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';

/** Locks the account's row until the caller's transaction ends: its tokens are counted one change at a time. */
export async function lockAccountRowForTokens(db: Kysely<Database>, accountId: string): Promise<void> {
  await db
    .selectFrom('accounts')
    .select('account_id')
    .where('account_id', '=', accountId)
    .forNoKeyUpdate()
    .execute();
}

/** How many API tokens the account holds. */
export async function countApiTokenRows(db: Kysely<Database>, accountId: string): Promise<number> {
  const row = await db
    .selectFrom('api_tokens')
    .select((eb) => eb.fn.countAll<number>().as('tokens'))
    .where('account_id', '=', accountId)
    .executeTakeFirstOrThrow();
  return Number(row.tokens);
}

/** A new API token, stored by its hash only. */
export interface NewApiTokenRow {
  readonly id: string;
  readonly accountId: string;
  readonly label: string;
  readonly tokenHash: string;
  readonly createdAt: Date;
}

export async function insertApiTokenRow(db: Kysely<Database>, token: NewApiTokenRow): Promise<void> {
  await db
    .insertInto('api_tokens')
    .values({
      token_id: token.id,
      account_id: token.accountId,
      label: token.label,
      token_hash: token.tokenHash,
      created_at: token.createdAt,
    })
    .execute();
}

/** The account's API tokens, oldest first. */
export async function listApiTokenRows(db: Kysely<Database>, accountId: string) {
  return db
    .selectFrom('api_tokens')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('created_at')
    .execute();
}

/** Deletes the account's token; returns whether there was one. */
export async function deleteApiTokenRow(db: Kysely<Database>, accountId: string, tokenId: string) {
  const result = await db
    .deleteFrom('api_tokens')
    .where('account_id', '=', accountId)
    .where('token_id', '=', tokenId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** A new session, stored by the hash of its id only. */
export interface NewSessionRow {
  readonly sessionHash: string;
  readonly accountId: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

export async function insertSessionRow(db: Kysely<Database>, session: NewSessionRow): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      session_hash: session.sessionHash,
      account_id: session.accountId,
      created_at: session.createdAt,
      expires_at: session.expiresAt,
    })
    .execute();
}

/** The session with this hash, if it has not expired at `now`. */
export async function findUnexpiredSessionRow(db: Kysely<Database>, sessionHash: string, now: Date) {
  return db
    .selectFrom('sessions')
    .select(['account_id', 'expires_at'])
    .where('session_hash', '=', sessionHash)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

export async function deleteSessionRow(db: Kysely<Database>, sessionHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('session_hash', '=', sessionHash).execute();
}

/** One token's newest use, as the use buffer keeps it. */
export interface TokenUseRow {
  token_id: string;
  last_used_at: Date;
}

/** Moves each token's `last_used_at` forward to its newest use (never back; revoked tokens are skipped). */
export async function updateTokenLastUsedRows(
  db: Kysely<Database>,
  uses: readonly TokenUseRow[],
): Promise<void> {
  if (uses.length === 0) return;
  const values = sql.join(uses.map((use) => sql`(${use.token_id}, ${use.last_used_at}::timestamptz)`));
  await sql`
    update api_tokens set last_used_at = uses.used_at
    from (values ${values}) as uses (token_id, used_at)
    where api_tokens.token_id = uses.token_id
      and (api_tokens.last_used_at is null or api_tokens.last_used_at < uses.used_at)`.execute(db);
}
