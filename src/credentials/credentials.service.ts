import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock/clock.ts';
import type { Database } from '../db/schema.ts';
import { VeilError } from '../errors/veil-error.ts';
import { countApiTokenRows, lockAccountRowForTokens } from './credentials.repository.ts';

/** SHA-256 of a secret; tokens and session ids are stored only in this form. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export interface ApiTokenMetadata {
  readonly id: string;
  readonly label: string;
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
}

/** Stores a token the caller already holds (scenario files declare tokens this way). */
export async function addApiToken(
  db: Kysely<Database>,
  clock: Clock,
  accountId: string,
  token: string,
  label: string,
) {
  const id = randomUUID();
  await db
    .insertInto('api_tokens')
    .values({
      token_id: id,
      account_id: accountId,
      label,
      token_hash: hashSecret(token),
      created_at: clock.now(),
    })
    .execute();
  return id;
}

/** API tokens one account may hold at once. */
export const maxApiTokensPerAccount = 100;

/**
 * Makes a new random token; the plain value is returned once and never stored. The account's row is
 * locked while its tokens are counted, so parallel requests cannot pass the limit together.
 */
export async function issueApiToken(db: Kysely<Database>, clock: Clock, accountId: string, label: string) {
  const issue = async (trx: Kysely<Database>) => {
    await lockAccountRowForTokens(trx, accountId);
    if ((await countApiTokenRows(trx, accountId)) >= maxApiTokensPerAccount) {
      throw new VeilError(
        'token.limit_reached',
        `An account holds at most ${maxApiTokensPerAccount} API tokens; revoke one before creating another`,
      );
    }
    const token = `veil_${randomBytes(24).toString('base64url')}`;
    const id = await addApiToken(trx, clock, accountId, token, label);
    return { id, token, label };
  };
  return db.isTransaction ? issue(db) : db.transaction().execute(issue);
}

export async function listApiTokens(db: Kysely<Database>, accountId: string): Promise<ApiTokenMetadata[]> {
  const rows = await db
    .selectFrom('api_tokens')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('created_at')
    .execute();
  return rows.map((row) => ({
    id: row.token_id,
    label: row.label,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
  }));
}

export async function revokeApiToken(db: Kysely<Database>, accountId: string, tokenId: string) {
  const result = await db
    .deleteFrom('api_tokens')
    .where('account_id', '=', accountId)
    .where('token_id', '=', tokenId)
    .executeTakeFirst();
  if (Number(result.numDeletedRows) === 0)
    throw new VeilError('token.not_found', `No token ${tokenId} belongs to the account`);
}

/** Opens a session for the account; returns the plain session id for the cookie. */
export async function createSession(
  db: Kysely<Database>,
  clock: Clock,
  accountId: string,
  ttlSeconds: number,
) {
  const sessionId = randomBytes(32).toString('base64url');
  const now = clock.now();
  const expiresAt = new Date(now.getTime() + ttlSeconds * 1000);
  await db
    .insertInto('sessions')
    .values({
      session_hash: hashSecret(sessionId),
      account_id: accountId,
      created_at: now,
      expires_at: expiresAt,
    })
    .execute();
  return { sessionId, expiresAt };
}

/**
 * The unexpired session with this id: whose it is and until when, or undefined. Whether that account
 * may sign in on the route is the authentication's one rule (`maySignIn` in accounts.model.ts), applied to the directory.
 */
export async function findSession(db: Kysely<Database>, clock: Clock, sessionId: string) {
  const row = await db
    .selectFrom('sessions')
    .select(['account_id', 'expires_at'])
    .where('session_hash', '=', hashSecret(sessionId))
    .where('expires_at', '>', clock.now())
    .executeTakeFirst();
  return row ? { accountId: row.account_id, expiresAt: row.expires_at } : undefined;
}

export async function deleteSession(db: Kysely<Database>, sessionId: string) {
  await db.deleteFrom('sessions').where('session_hash', '=', hashSecret(sessionId)).execute();
}
