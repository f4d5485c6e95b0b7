import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** The person's sessions: when each was opened and until when it holds (never the session id). */
export async function findSessionTimes(db: Kysely<Database>, accountId: string) {
  return db
    .selectFrom('sessions')
    .select(['created_at', 'expires_at'])
    .where('account_id', '=', accountId)
    .orderBy('created_at')
    .execute();
}

/** The tokens apps hold to act as the person (impersonation): which app, where, until when; no token. */
export async function findActingTokens(db: Kysely<Database>, accountId: string) {
  return db
    .selectFrom('connect_access_tokens')
    .innerJoin('connect_installs', 'connect_installs.client_key', 'connect_access_tokens.client_key')
    .select([
      'connect_installs.app_key',
      'connect_installs.site_id',
      'connect_access_tokens.scopes',
      'connect_access_tokens.created_at',
      'connect_access_tokens.expires_at',
    ])
    .where('connect_access_tokens.account_id', '=', accountId)
    .orderBy('connect_access_tokens.created_at')
    .execute();
}

/** What apps were told about the person (webhook deliveries), newest first. */
export async function findDeliveriesAbout(db: Kysely<Database>, accountId: string, limit: number) {
  return db
    .selectFrom('webhook_deliveries')
    .select(['app_key', 'site_id', 'event', 'status', 'created_at'])
    .where('account_id', '=', accountId)
    .orderBy('created_at', 'desc')
    .orderBy('seq', 'desc')
    .limit(limit)
    .execute();
}
