/**
 * What the life-cycle tests share: every representation of one account on the tracker, wiki and Veil
 * APIs, every search that could find a person, and a scan of the whole database made independently of
 * Veil's own (each row of each table as text).
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import { demoIds } from '../support/test-veil.ts';

export interface Representation {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly body?: unknown;
  /** Where in the answer the account is: the one user, or a list to look in. */
  readonly pick: (body: unknown, accountId: string) => Record<string, unknown> | undefined;
  readonly surface: 'tracker' | 'wiki-v1' | 'wiki-v2' | 'veil';
}

const itself = (body: unknown) => body as Record<string, unknown>;
const inList =
  (key?: string) =>
  (body: unknown, accountId: string): Record<string, unknown> | undefined => {
    const list = (key ? (body as Record<string, unknown>)[key] : body) as Record<string, unknown>[];
    return list.find((user) => user.accountId === accountId);
  };

/** Every request that renders one account, on every API. */
export function representationsOf(accountId: string): Representation[] {
  const id = encodeURIComponent(accountId);
  const tracker = (version: string): Representation[] => [
    {
      method: 'GET',
      url: `/rest/api/${version}/user?accountId=${id}&expand=groups,applicationRoles`,
      pick: itself,
      surface: 'tracker',
    },
    { method: 'GET', url: `/rest/api/${version}/user?accountId=${id}`, pick: itself, surface: 'tracker' },
    {
      method: 'GET',
      url: `/rest/api/${version}/user/bulk?accountId=${id},${demoIds.noah}`,
      pick: inList('values'),
      surface: 'tracker',
    },
    {
      method: 'GET',
      url: `/rest/api/${version}/users/search?maxResults=1000`,
      pick: inList(),
      surface: 'tracker',
    },
  ];
  return [
    ...tracker('2'),
    ...tracker('3'),
    {
      method: 'GET',
      url: `/wiki/rest/api/user?accountId=${id}&expand=operations`,
      pick: itself,
      surface: 'wiki-v1',
    },
    {
      method: 'GET',
      url: `/wiki/rest/api/user/bulk?accountId=${id}`,
      pick: inList('results'),
      surface: 'wiki-v1',
    },
    {
      method: 'POST',
      url: '/wiki/api/v2/users-bulk',
      body: { accountIds: [accountId] },
      pick: inList('results'),
      surface: 'wiki-v2',
    },
    { method: 'GET', url: `/veil/v1/accounts/${id}`, pick: itself, surface: 'veil' },
  ];
}

/** Every search a viewer could find a person by, for a query. */
export function searchesFor(query: string): string[] {
  const q = encodeURIComponent(query);
  return [
    `/rest/api/3/user/search?query=${q}`,
    `/rest/api/2/user/search?query=${q}`,
    `/rest/api/3/user/picker?query=${q}`,
    `/rest/api/3/user/assignable/search?project=ACME&query=${q}`,
    `/rest/api/3/user/assignable/multiProjectSearch?projectKeys=ACME&query=${q}`,
    `/rest/api/3/user/viewissue/search?projectKey=ACME&query=${q}`,
    `/rest/api/3/user/permission/search?permissions=BROWSE_PROJECTS&projectKey=ACME&query=${q}`,
  ];
}

/**
 * Where in the database any of `values` is still written (case-insensitively), by table: each row of
 * each table read as one text. Independent of Veil's own scan, so it checks it.
 */
export async function findValuesInDatabase(
  db: Kysely<Database>,
  values: readonly string[],
): Promise<string[]> {
  const tables = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(db);
  const found: string[] = [];
  for (const { table_name: table } of tables.rows) {
    const rows = await sql<{ line: string }>`select t::text as line from ${sql.id(table)} t`.execute(db);
    for (const value of values) {
      const lower = value.toLowerCase();
      const hits = rows.rows.filter((row) => row.line.toLowerCase().includes(lower)).length;
      if (hits > 0) found.push(`${table}: "${value}" in ${hits} row(s)`);
    }
  }
  return found;
}
