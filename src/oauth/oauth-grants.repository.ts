/** SQL of 3LO grants, their sites, codes and tokens: small functions taking the executor first. */
import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { OAuthCodesTable, OAuthTokensTable } from '../db/tables/oauth.table.ts';

export async function findGrantRow(db: Kysely<Database>, clientId: string, accountId: string) {
  return db
    .selectFrom('oauth_grants')
    .selectAll()
    .where('client_id', '=', clientId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
}

export async function findGrantRowById(db: Kysely<Database>, grantId: string) {
  return db.selectFrom('oauth_grants').selectAll().where('grant_id', '=', grantId).executeTakeFirst();
}

/** The person's grant of the app, made or widened with `scopes` (one grant per app and person). */
export async function upsertGrant(
  db: Kysely<Database>,
  grant: { grantId: string; clientId: string; accountId: string; scopes: string; now: Date },
): Promise<void> {
  await db
    .insertInto('oauth_grants')
    .values({
      grant_id: grant.grantId,
      client_id: grant.clientId,
      account_id: grant.accountId,
      scopes: grant.scopes,
      created_at: grant.now,
      updated_at: grant.now,
    })
    .onConflict((conflict) =>
      conflict
        .columns(['client_id', 'account_id'])
        .doUpdateSet({ scopes: grant.scopes, updated_at: grant.now }),
    )
    .execute();
}

export async function upsertGrantSite(
  db: Kysely<Database>,
  site: { grantId: string; siteId: string; scopes: string; now: Date },
): Promise<void> {
  await db
    .insertInto('oauth_grant_sites')
    .values({ grant_id: site.grantId, site_id: site.siteId, scopes: site.scopes, granted_at: site.now })
    .onConflict((conflict) => conflict.columns(['grant_id', 'site_id']).doUpdateSet({ scopes: site.scopes }))
    .execute();
}

export async function listGrantSiteRows(db: Kysely<Database>, grantIds: readonly string[]) {
  if (grantIds.length === 0) return [];
  return db
    .selectFrom('oauth_grant_sites')
    .selectAll()
    .where('grant_id', 'in', grantIds)
    .orderBy('site_id')
    .execute();
}

export async function listGrantRowsOf(db: Kysely<Database>, accountId: string) {
  return db
    .selectFrom('oauth_grants')
    .innerJoin('oauth_apps', 'oauth_apps.client_id', 'oauth_grants.client_id')
    .select([
      'oauth_grants.grant_id',
      'oauth_grants.client_id',
      'oauth_grants.scopes',
      'oauth_grants.created_at',
      'oauth_apps.name',
    ])
    .where('oauth_grants.account_id', '=', accountId)
    .orderBy('oauth_grants.created_at')
    .orderBy('oauth_grants.client_id')
    .execute();
}

/** Deletes the grant and, by its foreign keys, everything it issued; whether there was one. */
export async function deleteGrant(
  db: Kysely<Database>,
  clientId: string,
  accountId: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom('oauth_grants')
    .where('client_id', '=', clientId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function insertCode(db: Kysely<Database>, row: Insertable<OAuthCodesTable>): Promise<void> {
  await db.insertInto('oauth_codes').values(row).execute();
}

/** The code, locked until the transaction ends (a code is exchanged once, even by racing requests). */
export async function findCodeRowForUpdate(db: Kysely<Database>, codeHash: string) {
  return db
    .selectFrom('oauth_codes')
    .selectAll()
    .where('code_hash', '=', codeHash)
    .forUpdate()
    .executeTakeFirst();
}

export async function markCodeUsed(db: Kysely<Database>, codeHash: string, familyId: string, now: Date) {
  await db
    .updateTable('oauth_codes')
    .set({ used_at: now, family_id: familyId })
    .where('code_hash', '=', codeHash)
    .execute();
}

export async function insertTokens(
  db: Kysely<Database>,
  rows: Insertable<OAuthTokensTable>[],
): Promise<void> {
  await db.insertInto('oauth_tokens').values(rows).execute();
}

export async function findTokenRow(db: Kysely<Database>, tokenHash: string, forUpdate = false) {
  const query = db.selectFrom('oauth_tokens').selectAll().where('token_hash', '=', tokenHash);
  return (forUpdate ? query.forUpdate() : query).executeTakeFirst();
}

export async function markTokenRotated(db: Kysely<Database>, tokenHash: string, now: Date): Promise<void> {
  await db.updateTable('oauth_tokens').set({ rotated_at: now }).where('token_hash', '=', tokenHash).execute();
}

/** Invalidates a whole token family (a code used twice, a refresh token reused outside the leeway). */
export async function deleteTokenFamily(db: Kysely<Database>, familyId: string): Promise<void> {
  await db.deleteFrom('oauth_tokens').where('family_id', '=', familyId).execute();
}

/** The people whose consent (grant) to the app stands: whom its tokens see whole. */
export async function listConsentingAccountIds(db: Kysely<Database>, clientId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('oauth_grants')
    .select('account_id')
    .where('client_id', '=', clientId)
    .execute();
  return rows.map((row) => row.account_id);
}
