/** SQL of OAuth apps: small functions taking the executor first. */
import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { OAuthAppsTable } from '../db/tables/oauth.table.ts';

export async function insertOAuthApp(db: Kysely<Database>, row: Insertable<OAuthAppsTable>): Promise<void> {
  await db.insertInto('oauth_apps').values(row).execute();
}

/** A scenario's app: written again as the file says (a changed secret or callback takes effect). */
export async function upsertOAuthApp(db: Kysely<Database>, row: Insertable<OAuthAppsTable>): Promise<void> {
  await db
    .insertInto('oauth_apps')
    .values(row)
    .onConflict((conflict) =>
      conflict.column('client_id').doUpdateSet({
        secret_hash: row.secret_hash,
        name: row.name,
        callback_url: row.callback_url,
        scopes: row.scopes,
      }),
    )
    .execute();
}

export async function findOAuthAppRow(db: Kysely<Database>, clientId: string) {
  return db.selectFrom('oauth_apps').selectAll().where('client_id', '=', clientId).executeTakeFirst();
}

export async function listOAuthAppRowsOf(db: Kysely<Database>, ownerAccountId: string) {
  return db
    .selectFrom('oauth_apps')
    .selectAll()
    .where('owner_account_id', '=', ownerAccountId)
    .orderBy('created_at')
    .orderBy('client_id')
    .execute();
}
