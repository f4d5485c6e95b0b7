import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export async function insertOrganizationRow(
  db: Kysely<Database>,
  id: string,
  name: string,
  now: Date,
): Promise<void> {
  await db.insertInto('organizations').values({ organization_id: id, name, created_at: now }).execute();
}

export async function findOrganizationRow(db: Kysely<Database>, id: string) {
  return db.selectFrom('organizations').selectAll().where('organization_id', '=', id).executeTakeFirst();
}

export async function listOrganizationRows(db: Kysely<Database>) {
  return db.selectFrom('organizations').selectAll().orderBy('organization_id').execute();
}

export async function findDomainRows(db: Kysely<Database>, organizationIds: readonly string[]) {
  if (organizationIds.length === 0) return [];
  return db
    .selectFrom('organization_domains')
    .selectAll()
    .where('organization_id', 'in', organizationIds)
    .orderBy('domain')
    .execute();
}

export async function findDomainRow(db: Kysely<Database>, domain: string) {
  return db.selectFrom('organization_domains').selectAll().where('domain', '=', domain).executeTakeFirst();
}

/** Adds the domain to the organization, unless some organization has it already; whether it was added. */
export async function insertDomainRow(
  db: Kysely<Database>,
  organizationId: string,
  domain: string,
  now: Date,
): Promise<boolean> {
  const inserted = await db
    .insertInto('organization_domains')
    .values({ organization_id: organizationId, domain, verified_at: now })
    .onConflict((oc) => oc.column('domain').doNothing())
    .returning('domain')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function deleteDomainRow(
  db: Kysely<Database>,
  organizationId: string,
  domain: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom('organization_domains')
    .where('organization_id', '=', organizationId)
    .where('domain', '=', domain)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function findAdminRows(db: Kysely<Database>, organizationIds: readonly string[]) {
  if (organizationIds.length === 0) return [];
  return db
    .selectFrom('organization_admins')
    .selectAll()
    .where('organization_id', 'in', organizationIds)
    .execute();
}

export async function insertAdminRow(db: Kysely<Database>, organizationId: string, accountId: string) {
  await db
    .insertInto('organization_admins')
    .values({ organization_id: organizationId, account_id: accountId })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function deleteAdminRow(db: Kysely<Database>, organizationId: string, accountId: string) {
  await db
    .deleteFrom('organization_admins')
    .where('organization_id', '=', organizationId)
    .where('account_id', '=', accountId)
    .execute();
}

/** The organizations this account administers. */
export async function findAdministeredOrganizationIds(
  db: Kysely<Database>,
  accountId: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('organization_admins')
    .select('organization_id')
    .where('account_id', '=', accountId)
    .execute();
  return rows.map((row) => row.organization_id);
}
