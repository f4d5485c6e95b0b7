/**
 * The files `veil migrate-ids` reads and writes, as pure functions: a CSV file with a header row
 * (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes) or a JSON array of strings or
 * objects; the output is the input with an accountId for each row, in the same format.
 */
import type { MigrateIdKind } from '../config/migrate-ids.config.ts';

/** A table of rows, each with the value to map. */
export type IdTable =
  | {
      readonly format: 'csv';
      readonly header: readonly string[];
      readonly rows: readonly string[][];
      readonly column: number;
    }
  | { readonly format: 'json'; readonly rows: readonly unknown[]; readonly column: string | null };

/** Column names that say what their values are, in the order they are looked for. */
const knownColumns: readonly (readonly [string, Exclude<MigrateIdKind, 'auto'>])[] = [
  ['username', 'username'],
  ['name', 'username'],
  ['key', 'key'],
  ['userkey', 'key'],
  ['email', 'email'],
  ['emailaddress', 'email'],
];

/** Splits CSV text into records of fields. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  for (let index = 0; index < source.length; index++) {
    const char = source[index]!;
    if (quoted) {
      if (char !== '"') field += char;
      else if (source[index + 1] === '"') {
        field += '"';
        index++;
      } else quoted = false;
    } else if (char === '"' && field === '') quoted = true;
    else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && source[index + 1] === '\n') index++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += char;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records.filter((fields) => fields.length > 1 || fields[0] !== '');
}

/** A field written for CSV: quoted when it holds a comma, a quote or a line break. */
export function formatCsvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function findColumn(names: readonly string[], wanted: string | null): number {
  if (wanted !== null) return names.indexOf(wanted);
  for (const [known] of knownColumns) {
    const index = names.findIndex((name) => name.trim().toLowerCase() === known);
    if (index >= 0) return index;
  }
  return names.length === 1 ? 0 : -1;
}

/** Reads an input file's text; `format` from the file name (`.json`, else CSV). Throws a message saying why not. */
export function readIdTable(text: string, format: 'csv' | 'json', column: string | null): IdTable {
  if (format === 'json') return readJsonTable(text, column);
  const [header, ...rows] = parseCsv(text);
  if (!header) throw new Error('the CSV file is empty: it needs a header row');
  const index = findColumn(header, column);
  if (index < 0)
    throw new Error(
      `no column ${column ?? 'username, key, userKey or email'} in the header (${header.join(', ')})`,
    );
  return { format: 'csv', header, rows, column: index };
}

function readJsonTable(text: string, column: string | null): IdTable {
  const rows: unknown = JSON.parse(text);
  if (!Array.isArray(rows)) throw new Error('the JSON file must hold an array of strings or objects');
  const first = rows.find((row) => typeof row === 'object' && row !== null) as
    | Record<string, unknown>
    | undefined;
  if (!first) return { format: 'json', rows, column: null };
  const keys = Object.keys(first);
  const index = findColumn(keys, column);
  if (index < 0) throw new Error(`no key ${column ?? 'username, key, userKey or email'} in the objects`);
  return { format: 'json', rows, column: keys[index] ?? null };
}

/** The value of each row (empty when a row has none). */
export function valuesOf(table: IdTable): string[] {
  if (table.format === 'csv') return table.rows.map((row) => (row[table.column] ?? '').trim());
  return table.rows.map((row) => {
    const value =
      typeof row === 'object' && row !== null && table.column !== null
        ? (row as Record<string, unknown>)[table.column]
        : row;
    return typeof value === 'string' ? value.trim() : '';
  });
}

/** What the values of the table are, from its column's name; `auto` when the name says nothing. */
export function kindOfColumn(table: IdTable): MigrateIdKind {
  const name = (table.format === 'csv' ? table.header[table.column] : table.column) ?? '';
  return knownColumns.find(([known]) => known === name.trim().toLowerCase())?.[1] ?? 'auto';
}

/** The output: every input row with its accountId (empty, or null in JSON, when it could not be mapped). */
export function formatIdTable(table: IdTable, accountIds: readonly (string | null)[]): string {
  if (table.format === 'json') {
    const rows = table.rows.map((row, index) => {
      const accountId = accountIds[index] ?? null;
      if (typeof row === 'object' && row !== null) return { ...(row as object), accountId };
      return { value: row, accountId };
    });
    return `${JSON.stringify(rows, null, 2)}\n`;
  }
  const existing = table.header.indexOf('accountId');
  const header = existing >= 0 ? table.header : [...table.header, 'accountId'];
  const lines = [header.map(formatCsvField).join(',')];
  for (const [index, row] of table.rows.entries()) {
    const cells = [...row];
    cells[existing >= 0 ? existing : header.length - 1] = accountIds[index] ?? '';
    lines.push(cells.map(formatCsvField).join(','));
  }
  return `${lines.join('\n')}\n`;
}
