import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { AccountsTable } from '../db/tables/accounts.table.ts';
import type { AccountRow } from './accounts.model.ts';

function selectAccounts(db: Kysely<Database>) {
  return db
    .selectFrom('accounts')
    .leftJoin('organization_domains', (join) =>
      join
        .onRef('organization_domains.domain', '=', 'accounts.email_domain')
        .on('accounts.account_type', '=', 'atlassian'),
    )
    .selectAll('accounts')
    .select('organization_domains.organization_id as managing_organization_id');
}

export async function findAccountRowById(
  db: Kysely<Database>,
  accountId: string,
): Promise<AccountRow | undefined> {
  return selectAccounts(db).where('accounts.account_id', '=', accountId).executeTakeFirst();
}

export async function findAccountRowsByIds(
  db: Kysely<Database>,
  accountIds: readonly string[],
): Promise<AccountRow[]> {
  if (accountIds.length === 0) return [];
  return selectAccounts(db).where('accounts.account_id', 'in', accountIds).execute();
}

export async function findGlobalAccountRowByEmail(
  db: Kysely<Database>,
  normalizedEmail: string,
): Promise<AccountRow | undefined> {
  return selectAccounts(db)
    .where('accounts.email_normalized', '=', normalizedEmail)
    .where('accounts.account_type', '=', 'atlassian')
    .executeTakeFirst();
}

export async function findCustomerAccountRowByEmail(
  db: Kysely<Database>,
  siteId: string,
  normalizedEmail: string,
): Promise<AccountRow | undefined> {
  return selectAccounts(db)
    .where('accounts.email_normalized', '=', normalizedEmail)
    .where('accounts.account_type', '=', 'customer')
    .where('accounts.customer_site_id', '=', siteId)
    .executeTakeFirst();
}

export async function findAppAccountRowByKey(
  db: Kysely<Database>,
  appKey: string,
): Promise<AccountRow | undefined> {
  return selectAccounts(db).where('accounts.app_key', '=', appKey).executeTakeFirst();
}

export async function listAccountRows(
  db: Kysely<Database>,
  page: { startAt: number; maxResults: number },
): Promise<AccountRow[]> {
  return selectAccounts(db)
    .orderBy('accounts.created_at')
    .orderBy('accounts.account_id')
    .offset(page.startAt)
    .limit(page.maxResults)
    .execute();
}

export async function countAccounts(db: Kysely<Database>): Promise<number> {
  const { count } = await db
    .selectFrom('accounts')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(count);
}

export async function listAccountRowsInDomain(db: Kysely<Database>, domain: string): Promise<AccountRow[]> {
  return selectAccounts(db)
    .where('accounts.email_domain', '=', domain)
    .where('accounts.account_type', '=', 'atlassian')
    .orderBy('accounts.account_id')
    .execute();
}

export async function insertAccountRow(db: Kysely<Database>, row: Insertable<AccountsTable>): Promise<void> {
  await db.insertInto('accounts').values(row).execute();
}

export async function updateAccountRow(
  db: Kysely<Database>,
  accountId: string,
  changes: Updateable<AccountsTable>,
): Promise<void> {
  await db.updateTable('accounts').set(changes).where('account_id', '=', accountId).execute();
}

export async function isPlatformAdmin(db: Kysely<Database>, accountId: string): Promise<boolean> {
  const row = await db
    .selectFrom('platform_admins')
    .select('account_id')
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertPlatformAdmin(db: Kysely<Database>, accountId: string): Promise<void> {
  await db
    .insertInto('platform_admins')
    .values({ account_id: accountId })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** The public name behind an avatar key (always public; avatars show its initials). */
export async function findPublicNameByAvatarKey(
  db: Kysely<Database>,
  avatarKey: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('accounts')
    .select('public_name')
    .where('avatar_key', '=', avatarKey)
    .executeTakeFirst();
  return row?.public_name;
}

export async function deletePlatformAdmin(db: Kysely<Database>, accountId: string): Promise<void> {
  await db.deleteFrom('platform_admins').where('account_id', '=', accountId).execute();
}

/** The organization whose verified domain this is (what makes an account with an address there managed). */
export async function findManagingOrganizationIdOfDomain(
  db: Kysely<Database>,
  domain: string,
): Promise<string | null> {
  const row = await db
    .selectFrom('organization_domains')
    .select('organization_id')
    .where('domain', '=', domain)
    .executeTakeFirst();
  return row?.organization_id ?? null;
}
