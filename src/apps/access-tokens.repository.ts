import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ConnectAccessTokensTable } from '../db/tables/apps.table.ts';

export type AccessTokenRow = Selectable<ConnectAccessTokensTable>;

export async function insertAccessTokenRow(
  db: Kysely<Database>,
  row: Insertable<ConnectAccessTokensTable>,
): Promise<void> {
  await db.insertInto('connect_access_tokens').values(row).execute();
}

export async function findAccessTokenRow(
  db: Kysely<Database>,
  tokenHash: string,
): Promise<AccessTokenRow | undefined> {
  return db
    .selectFrom('connect_access_tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/** Drops the install's tokens that have expired by `now`. */
export async function deleteExpiredAccessTokenRows(db: Kysely<Database>, clientKey: string, now: Date) {
  await db
    .deleteFrom('connect_access_tokens')
    .where('client_key', '=', clientKey)
    .where('expires_at', '<=', now)
    .execute();
}

/** Drops every token of the install (it was uninstalled). */
export async function deleteAccessTokenRowsOfInstall(db: Kysely<Database>, clientKey: string) {
  await db.deleteFrom('connect_access_tokens').where('client_key', '=', clientKey).execute();
}
