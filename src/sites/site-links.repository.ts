/** The SQL of accounts' links to sites: the link row and its product access. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** Links the account to the site; an existing link stays as it is. */
export async function insertLinkRow(db: Kysely<Database>, siteId: string, accountId: string, linkedAt: Date) {
  await db
    .insertInto('site_accounts')
    .values({ site_id: siteId, account_id: accountId, linked_at: linkedAt })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Locks the link's row until the caller's transaction ends: changes to one link wait for each other. */
export async function lockLinkRow(db: Kysely<Database>, siteId: string, accountId: string): Promise<void> {
  await db
    .selectFrom('site_accounts')
    .select('account_id')
    .where('site_id', '=', siteId)
    .where('account_id', '=', accountId)
    .forNoKeyUpdate()
    .execute();
}

export async function deleteLinkRow(db: Kysely<Database>, siteId: string, accountId: string): Promise<void> {
  await db
    .deleteFrom('site_accounts')
    .where('site_id', '=', siteId)
    .where('account_id', '=', accountId)
    .execute();
}

/** Makes these products the link's only ones. */
export async function replaceLinkProductRows(
  db: Kysely<Database>,
  siteId: string,
  accountId: string,
  products: readonly string[],
): Promise<void> {
  await db
    .deleteFrom('site_account_products')
    .where('site_id', '=', siteId)
    .where('account_id', '=', accountId)
    .execute();
  const rows = products.map((product) => ({ site_id: siteId, account_id: accountId, product }));
  if (rows.length > 0) await db.insertInto('site_account_products').values(rows).execute();
}

export async function findLinkRows(db: Kysely<Database>, siteId: string, accountIds?: readonly string[]) {
  let query = db.selectFrom('site_accounts').selectAll().where('site_id', '=', siteId);
  if (accountIds) {
    if (accountIds.length === 0) return [];
    query = query.where('account_id', 'in', accountIds);
  }
  return query.orderBy('linked_at').orderBy('account_id').execute();
}

export async function findLinkProductRows(
  db: Kysely<Database>,
  siteId: string,
  accountIds: readonly string[],
) {
  if (accountIds.length === 0) return [];
  return db
    .selectFrom('site_account_products')
    .selectAll()
    .where('site_id', '=', siteId)
    .where('account_id', 'in', accountIds)
    .execute();
}

/** The sites an account is linked to. */
export async function findSiteIdsOfAccount(db: Kysely<Database>, accountId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('site_accounts')
    .select('site_id')
    .where('account_id', '=', accountId)
    .execute();
  return rows.map((row) => row.site_id);
}

/**
 * Marks the link deactivated since `at` (the person's access to this site only), or gives it back
 * (`null`). With `onlyIfSet`, only a deactivated link is touched. Returns whether a row changed.
 */
export async function updateLinkDeactivation(
  db: Kysely<Database>,
  siteId: string,
  accountId: string,
  at: Date | null,
  onlyIfSet = false,
): Promise<boolean> {
  const result = await db
    .updateTable('site_accounts')
    .set({ deactivated_at: at })
    .where('site_id', '=', siteId)
    .where('account_id', '=', accountId)
    .$if(onlyIfSet, (q) => q.where('deactivated_at', 'is not', null))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
