/**
 * The proof of an erasure: every table and every column that can hold text, found in the database's
 * own catalogue (not a list someone keeps), searched for the erased values. What it reports is where
 * something was found and how often — never the values.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';

/** One column in which some erased value was found. */
export interface ScanMatch {
  readonly table: string;
  readonly column: string;
  readonly rows: number;
}

export interface ScanResult {
  readonly tables: number;
  readonly columns: number;
  readonly valuesSearched: number;
  readonly matches: readonly ScanMatch[];
}

/** A value to look for, and whether it must stand as whole words (names) or anywhere (emails, keys). */
export interface SearchedValue {
  readonly value: string;
  readonly wholeWords: boolean;
}

interface CatalogueColumn {
  table_name: string;
  column_name: string;
  data_type: string;
}

/** Column types that cannot hold text, so cannot hold a name or an email. */
const nonTextTypes = new Set([
  'smallint',
  'integer',
  'bigint',
  'numeric',
  'real',
  'double precision',
  'boolean',
  'date',
  'time without time zone',
  'time with time zone',
  'timestamp without time zone',
  'timestamp with time zone',
  'interval',
  'uuid',
]);

/** Values shorter than this say nothing alone ("Al" is in every other word) and are not searched. */
export const shortestSearchedValue = 3;

/** Every base table of the current schema, with every column that can hold text. */
export async function listCatalogue(db: Kysely<Database>) {
  const result = await sql<CatalogueColumn>`
    select c.table_name, c.column_name, c.data_type
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
    order by c.table_name, c.ordinal_position`.execute(db);
  const tables = new Map<string, CatalogueColumn[]>();
  for (const column of result.rows) {
    const columns = tables.get(column.table_name) ?? [];
    if (!nonTextTypes.has(column.data_type)) columns.push(column);
    tables.set(column.table_name, columns);
  }
  return tables;
}

/** A case-insensitive regular expression (PostgreSQL's) matching any of the values. */
export function buildSearchPattern(values: readonly SearchedValue[]): string | null {
  const parts = values
    .filter((v) => v.value.trim().length >= shortestSearchedValue)
    .map(({ value, wholeWords }) => {
      const text = value.trim();
      const escaped = text.replace(/[.^$*+?()[\]{}|\\-]/g, '\\$&');
      if (!wholeWords) return escaped;
      // \m and \M are word edges; a value that starts or ends with punctuation has none there.
      const start = /^[\p{L}\p{N}_]/u.test(text) ? '\\m' : '';
      const end = /[\p{L}\p{N}_]$/u.test(text) ? '\\M' : '';
      return `${start}${escaped}${end}`;
    });
  return parts.length === 0 ? null : `(?:${[...new Set(parts)].join('|')})`;
}

function asText(column: CatalogueColumn) {
  const ref = sql.id(column.column_name);
  // Raw bytes are read as escaped text, which still shows any readable value they hold.
  return column.data_type === 'bytea' ? sql`encode(${ref}, 'escape')` : sql`${ref}::text`;
}

/** Searches every text column of every table for the values; run it where the erasure is visible. */
export async function scanDatabase(
  db: Kysely<Database>,
  values: readonly SearchedValue[],
): Promise<ScanResult> {
  const catalogue = await listCatalogue(db);
  const pattern = buildSearchPattern(values);
  const searched = values.filter((v) => v.value.trim().length >= shortestSearchedValue).length;
  let columns = 0;
  const matches: ScanMatch[] = [];
  for (const [table, textColumns] of catalogue) {
    columns += textColumns.length;
    if (pattern === null || textColumns.length === 0) continue;
    const counts = sql.join(
      textColumns.map(
        (column, index) =>
          sql`count(*) filter (where ${asText(column)} ~* ${pattern}) as ${sql.id(`c${index}`)}`,
      ),
    );
    const row = (
      await sql<Record<string, number | string>>`select ${counts} from ${sql.id(table)}`.execute(db)
    ).rows[0];
    textColumns.forEach((column, index) => {
      const rows = Number(row?.[`c${index}`] ?? 0);
      if (rows > 0) matches.push({ table, column: column.column_name, rows });
    });
  }
  return { tables: catalogue.size, columns, valuesSearched: searched, matches };
}
