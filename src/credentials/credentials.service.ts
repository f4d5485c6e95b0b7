import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock/clock.ts';
import type { Database } from '../db/schema.ts';
import { VeilError } from '../errors/veil-error.ts';
import {
  countApiTokenRows,
  deleteApiTokenRow,
  deleteSessionRow,
  findUnexpiredSessionRow,
  insertApiTokenRow,
  insertSessionRow,
  listApiTokenRows,
  lockAccountRowForTokens,
} from './credentials.repository.ts';

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
  await insertApiTokenRow(db, { id, accountId, label, tokenHash: hashSecret(token), createdAt: clock.now() });
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
  const rows = await listApiTokenRows(db, accountId);
  return rows.map((row) => ({
    id: row.token_id,
    label: row.label,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
  }));
}

export async function revokeApiToken(db: Kysely<Database>, accountId: string, tokenId: string) {
  if (!(await deleteApiTokenRow(db, accountId, tokenId)))
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
  await insertSessionRow(db, { sessionHash: hashSecret(sessionId), accountId, createdAt: now, expiresAt });
  return { sessionId, expiresAt };
}

/**
 * The unexpired session with this id: whose it is and until when, or undefined. Whether that account
 * may sign in on the route is the authentication's one rule (`maySignIn` in accounts.model.ts), applied to the directory.
 */
export async function findSession(db: Kysely<Database>, clock: Clock, sessionId: string) {
  const row = await findUnexpiredSessionRow(db, hashSecret(sessionId), clock.now());
  return row ? { accountId: row.account_id, expiresAt: row.expires_at } : undefined;
}

export async function deleteSession(db: Kysely<Database>, sessionId: string) {
  await deleteSessionRow(db, hashSecret(sessionId));
}
