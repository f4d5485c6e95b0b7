import { type Kysely, type RawBuilder, type Selectable, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { AccountsTable } from '../db/tables/accounts.table.ts';

/*
 * The directory loads every account at start, so these queries return each table as one JSON array of
 * arrays (`json_agg(json_build_array(...))`): one text value that JSON.parse reads natively is several
 * times faster than decoding hundreds of thousands of rows field by field, on PGlite and PostgreSQL.
 */

type JsonCell = string | number | boolean | null;

/** Which accounts a statement reads: the condition on a table's accountId column. */
type AccountFilter = (column: RawBuilder<unknown>) => RawBuilder<unknown>;

/** A subquery: the rows of `from` for the filtered accounts, as one JSON array of arrays. */
function jsonRows(
  filter: AccountFilter,
  from: string,
  columns: readonly string[],
  idColumn = 'account_id',
  orderBy?: string,
) {
  const cells = sql.join(columns.map((column) => sql.ref(column)));
  const order = orderBy ? sql` order by ${sql.ref(orderBy)}` : sql``;
  return sql<string>`(select coalesce(json_agg(json_build_array(${cells})${order})::text, '[]') from ${sql.raw(from)} where ${filter(sql.ref(idColumn))})`;
}

const accountColumns = [
  'account_id',
  'account_type',
  'status',
  'app_key',
  'customer_site_id',
  'email',
  'email_domain',
  'full_name',
  'public_name',
  'avatar_key',
  'job_title',
  'department',
  'organization_name',
  'location',
  'time_zone',
  'locale',
  'created_at',
  'updated_at',
  'erasing',
] as const;

export type DirectoryAccountRow = Omit<Selectable<AccountsTable>, 'email_normalized'>;

function toAccountRow(cells: JsonCell[]): DirectoryAccountRow {
  const text = (index: number) => cells[index] as string;
  const nullable = (index: number) => cells[index] as string | null;
  return {
    account_id: text(0),
    account_type: text(1) as AccountsTable['account_type'],
    status: text(2) as AccountsTable['status'],
    app_key: nullable(3),
    customer_site_id: nullable(4),
    email: nullable(5),
    email_domain: nullable(6),
    full_name: text(7),
    public_name: text(8),
    avatar_key: text(9),
    job_title: nullable(10),
    department: nullable(11),
    organization_name: nullable(12),
    location: nullable(13),
    time_zone: nullable(14),
    locale: nullable(15),
    created_at: new Date(text(16)),
    updated_at: new Date(text(17)),
    erasing: cells[18] === true,
  };
}

const tables = [
  'accounts',
  'settings',
  'tokens',
  'links',
  'products',
  'memberships',
  'organization_admins',
  'site_admins',
  'platform_admins',
] as const;
type TableCells = Record<(typeof tables)[number], JsonCell[][]>;

/**
 * The rows of every account table for the filtered accounts, in one statement: one round
 * trip, one connection, and one snapshot of every table.
 */
async function fetchAccountCells(db: Kysely<Database>, filter: AccountFilter): Promise<TableCells> {
  const result = await sql<Record<string, string>>`select
    ${jsonRows(filter, 'accounts', accountColumns)} as accounts,
    ${jsonRows(filter, 'visibility_settings', ['account_id', 'field', 'visibility', 'locked_by_organization_id'])} as settings,
    ${jsonRows(filter, 'api_tokens', ['account_id', 'token_hash', 'token_id'])} as tokens,
    ${jsonRows(filter, 'site_accounts', ['account_id', 'site_id', 'linked_at', 'username', 'user_key', 'deactivated_at'])} as links,
    ${jsonRows(filter, 'site_account_products', ['account_id', 'site_id', 'product'])} as products,
    ${jsonRows(
      filter,
      'group_members join groups on groups.group_id = group_members.group_id',
      ['group_members.account_id', 'groups.group_id', 'groups.name', 'groups.site_id'],
      'group_members.account_id',
      'groups.name_normalized',
    )} as memberships,
    ${jsonRows(filter, 'organization_admins', ['account_id', 'organization_id'])} as organization_admins,
    ${jsonRows(filter, 'site_admins', ['account_id', 'site_id'])} as site_admins,
    ${jsonRows(filter, 'platform_admins', ['account_id'])} as platform_admins
  `.execute(db);
  const row = result.rows[0] ?? {};
  return Object.fromEntries(
    tables.map((table) => [table, JSON.parse(row[table] ?? '[]') as JsonCell[][]]),
  ) as TableCells;
}

/**
 * Accounts per statement when everything is loaded. PGlite's memory grows to hold the largest result
 * and never shrinks, so one 100,000-account answer would keep several hundred MB for good.
 */
const pageSize = 10_000;

/** Every account, a page at a time in accountId order (changes between pages arrive as notifications). */
async function fetchAllAccountCells(db: Kysely<Database>): Promise<TableCells> {
  const all = Object.fromEntries(tables.map((table) => [table, []])) as unknown as TableCells;
  let after = '';
  for (;;) {
    // The page is a range of accountIds, which every table can filter on cheaply.
    const bound = await sql<{ last: string | null }>`
      select max(account_id) as last from
        (select account_id from accounts where account_id > ${after} order by account_id limit ${pageSize}) page
    `.execute(db);
    const last = bound.rows[0]?.last;
    if (!last) return all;
    const from = after;
    const page = await fetchAccountCells(db, (column) => sql`${column} > ${from} and ${column} <= ${last}`);
    for (const table of tables) for (const cells of page[table]) all[table].push(cells);
    after = last;
  }
}

/** The accounts named (all when `ids` is null), with everything that hangs off them. */
export async function loadAccountData(db: Kysely<Database>, ids: readonly string[] | null) {
  if (ids !== null && ids.length === 0) return undefined;
  const cells =
    ids === null
      ? await fetchAllAccountCells(db)
      : await fetchAccountCells(
          db,
          (column) => sql`${column} in (select json_array_elements_text(${JSON.stringify(ids)}::json))`,
        );
  return accountDataOf(cells);
}

/** The accounts whose ids are above `after` and at most `last`, with everything that hangs off them. */
export async function loadAccountRange(db: Kysely<Database>, after: string, last: string) {
  return accountDataOf(
    await fetchAccountCells(db, (column) => sql`${column} > ${after} and ${column} <= ${last}`),
  );
}

type Cells = JsonCell[];
const text = (cells: Cells, index: number) => cells[index] as string;

/** The bulk rows of `loadAccountData`, from the JSON cells its query returns. */
function accountDataOf(cells: TableCells) {
  const {
    accounts,
    settings,
    tokens,
    links,
    products,
    memberships,
    organization_admins: organizationAdmins,
    site_admins: siteAdmins,
    platform_admins: platformAdmins,
  } = cells;
  return {
    accounts: accounts.map(toAccountRow),
    settings: settings.map(toSettingRow),
    tokens: tokens.map((c: Cells) => ({
      account_id: text(c, 0),
      token_hash: text(c, 1),
      token_id: text(c, 2),
    })),
    links: links.map(toLinkRow),
    products: products.map((c: Cells) => ({
      account_id: text(c, 0),
      site_id: text(c, 1),
      product: text(c, 2),
    })),
    memberships: memberships.map((c: Cells) => ({
      account_id: text(c, 0),
      group_id: text(c, 1),
      name: text(c, 2),
      site_id: text(c, 3),
    })),
    organizationAdmins: organizationAdmins.map((c: Cells) => ({
      account_id: text(c, 0),
      organization_id: text(c, 1),
    })),
    siteAdmins: siteAdmins.map((c: Cells) => ({ account_id: text(c, 0), site_id: text(c, 1) })),
    platformAdmins: platformAdmins.map((c: Cells) => ({ account_id: text(c, 0) })),
  };
}

function toSettingRow(c: Cells) {
  return {
    account_id: text(c, 0),
    field: text(c, 1),
    visibility: text(c, 2),
    locked_by_organization_id: c[3] as string | null,
  };
}

function toLinkRow(c: Cells) {
  return {
    account_id: text(c, 0),
    site_id: text(c, 1),
    linked_at: new Date(text(c, 2)),
    username: c[3] as string | null,
    user_key: c[4] as string | null,
    deactivated_at: c[5] === null ? null : new Date(c[5] as string),
  };
}

export type AccountData = NonNullable<Awaited<ReturnType<typeof loadAccountData>>>;

/** The organizations and their email domains, as `loadOrganizationData` reads them. */
export type OrganizationData = Awaited<ReturnType<typeof loadOrganizationData>>;

/** The organizations named (all when null), with their domains. */
export async function loadOrganizationData(db: Kysely<Database>, ids: readonly string[] | null) {
  const scoped = ids !== null;
  const only = ids ?? [];
  if (scoped && only.length === 0) return { organizations: [], domains: [] };
  const [organizations, domains] = await Promise.all([
    db
      .selectFrom('organizations')
      .select(['organization_id', 'name'])
      .$if(scoped, (q) => q.where('organization_id', 'in', only))
      .execute(),
    db
      .selectFrom('organization_domains')
      .select(['organization_id', 'domain'])
      .$if(scoped, (q) => q.where('organization_id', 'in', only))
      .execute(),
  ]);
  return { organizations, domains };
}

/** The ids of every site (the directory loads each through the sites service). */
export async function loadSiteIds(db: Kysely<Database>): Promise<string[]> {
  return (await db.selectFrom('sites').select('site_id').execute()).map((row) => row.site_id);
}
