/**
 * The search rows of accounts (`account_search_names`, `account_search_terms`), built from decided views:
 * for each audience a person has (anyone signed in and the Email API always; the members and the admins
 * of the managing organization when one manages the account), the view the one decision gives that
 * relation, its words (`searchTermsOf`) and its sort key. A hidden field is in no view, so it is in no
 * row. The indexer (search-indexer.ts) and the bulk path (search-bulk-index.ts) write with these.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { AccountSearchNamesTable, AccountSearchTermsTable } from '../db/tables/search.table.ts';
import type { Relation } from '../visibility/visibility.ts';
import { decidedForRelation } from './decided-views.ts';
import { type AccountData, loadAccountData } from './directory.repository.ts';
import { buildEntries, type DirectoryEntry, storedEntry } from './directory-entries.ts';

/** The relations search rows are written for, each a bit of `audiences`. */
export const audienceBits = {
  'signed-in': 1,
  'email-api': 2,
  'organization-member': 4,
  'organization-admin': 8,
} as const satisfies Partial<Record<Relation, number>>;

export type SearchRelation = keyof typeof audienceBits;

const strangerRelations: readonly SearchRelation[] = ['signed-in', 'email-api'];
const everyRelation: readonly SearchRelation[] = Object.keys(audienceBits) as SearchRelation[];

/** Precedes every term in `words`, so `strpos(words, separator || query)` finds a term's prefix. */
export const wordSeparator = '\u001f';

/** The largest `lead` a term row records (see `leadOf`). */
export const leadCap = 16;

/**
 * How many code points a term and the sort key of its row start with in common, at most `leadCap`: the
 * term starts with a query of length L while the sort key does not exactly when the lead is below L
 * (L ≤ leadCap), so the term index reads those rows alone and passes over the rest.
 */
export function leadOf(term: string, sortKey: string): number {
  const a = Array.from(term);
  const b = Array.from(sortKey);
  let lead = 0;
  while (lead < leadCap && lead < a.length && a[lead] === b[lead]) lead++;
  return lead;
}

interface SearchRows {
  readonly names: AccountSearchNamesTable[];
  readonly terms: AccountSearchTermsTable[];
}

/**
 * The search rows of one account: one per distinct (sort key, words) among its audiences. None once it
 * is erased; marked inactive while it is not active (searches find active accounts only).
 */
function addRowsOf(entry: DirectoryEntry, rows: SearchRows): void {
  if (entry.account.status === 'deleted') return;
  const stored = storedEntry(entry);
  const { accountId, managingOrganizationId } = entry.account;
  const organizationId = managingOrganizationId ?? null;
  const active = entry.account.status === 'active';
  const groups = new Map<string, { audiences: number; sortKey: string; terms: string[] }>();
  for (const relation of organizationId === null ? strangerRelations : everyRelation) {
    const { sortKey, terms } = decidedForRelation(stored, relation);
    const key = JSON.stringify([sortKey, terms]);
    const group = groups.get(key);
    if (group) group.audiences |= audienceBits[relation];
    else groups.set(key, { audiences: audienceBits[relation], sortKey, terms });
  }
  for (const { audiences, sortKey, terms } of groups.values()) {
    const words = terms.map((term) => wordSeparator + term).join('');
    const shared = { account_id: accountId, audiences, organization_id: organizationId, active };
    rows.names.push({ ...shared, sort_key: sortKey, words });
    for (const term of terms)
      rows.terms.push({ ...shared, sort_key: sortKey, lead: leadOf(term, sortKey), term });
  }
}

/** The accounts named, with who manages them (as the directory works it out: the email domain's owner). */
async function loadEntries(db: Kysely<Database>, ids: readonly string[]): Promise<DirectoryEntry[]> {
  const data = await loadAccountData(db, ids);
  return data ? withManagement(db, data) : [];
}

export async function withManagement(db: Kysely<Database>, data: AccountData): Promise<DirectoryEntry[]> {
  const entries = buildEntries(data);
  const managedDomain = (entry: DirectoryEntry) =>
    entry.account.accountType === 'atlassian' ? entry.emailDomain : null;
  const domains = [...new Set(entries.flatMap((entry) => managedDomain(entry) ?? []))];
  const owners =
    domains.length === 0
      ? []
      : await db
          .selectFrom('organization_domains')
          .select(['domain', 'organization_id'])
          .where('domain', 'in', domains)
          .execute();
  const ownerOf = new Map(owners.map((row) => [row.domain, row.organization_id]));
  return entries.map((entry) => {
    const domain = managedDomain(entry);
    const managingOrganizationId = (domain === null ? undefined : ownerOf.get(domain)) ?? null;
    return { ...entry, account: { ...entry.account, managingOrganizationId } };
  });
}

const idList = (ids: readonly string[]) =>
  sql`(select json_array_elements_text(${JSON.stringify(ids)}::json))`;

/** Rewrites the search rows of the accounts named, from what the store holds now (in `db`'s transaction). */
export async function rewriteRows(db: Kysely<Database>, ids: readonly string[]): Promise<void> {
  await sql`delete from account_search_names where account_id in ${idList(ids)}`.execute(db);
  await sql`delete from account_search_terms where account_id in ${idList(ids)}`.execute(db);
  await writeRows(db, ids);
}

/** Writes the search rows of the accounts named (they have none yet), from what the store holds now. */
async function writeRows(db: Kysely<Database>, ids: readonly string[]): Promise<void> {
  await insertRowsOf(db, await loadEntries(db, ids));
}

/** Inserts the search rows of the entries given (they have none yet). */
export async function insertRowsOf(db: Kysely<Database>, entries: readonly DirectoryEntry[]): Promise<void> {
  const rows: SearchRows = { names: [], terms: [] };
  for (const entry of entries) addRowsOf(entry, rows);
  if (rows.names.length > 0) {
    await sql`insert into account_search_names (account_id, audiences, organization_id, sort_key, words, active)
      select * from json_to_recordset(${JSON.stringify(rows.names)}::json)
        as r(account_id text, audiences integer, organization_id text, sort_key text, words text, active boolean)`.execute(
      db,
    );
  }
  if (rows.terms.length > 0) {
    await sql`insert into account_search_terms (term, account_id, audiences, organization_id, sort_key, lead, active)
      select * from json_to_recordset(${JSON.stringify(rows.terms)}::json) as r(
        term text, account_id text, audiences integer, organization_id text, sort_key text, lead smallint,
        active boolean
      )`.execute(db);
  }
}
