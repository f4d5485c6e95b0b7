/**
 * The SQL of user search: pages of the search tables (written from decided views by
 * src/directory/search-indexer.ts) in display-name order, scoped to a site's active links. What these
 * return are candidates: user-search.ts checks each against the viewer's view before answering.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import { leadCap, wordSeparator } from '../directory/search-rows.ts';

/** One audience's rows a search reads. */
export interface SearchScope {
  readonly siteId: string;
  /** The audience's bit (`audienceBits`). */
  readonly audience: number;
  /** Only the accounts one organization manages, or every account but those these organizations manage. */
  readonly organization: { readonly only: string } | { readonly except: readonly string[] };
  readonly exceptAccountId: string | null;
  /** A normalised prefix, or null for every account. */
  readonly query: string | null;
}

/** A place in the order: the sort key and accountId of the last row read. */
export interface Keyset {
  readonly key: string;
  readonly id: string;
}

export interface SearchRow {
  readonly account_id: string;
  readonly sort_key: string;
}

/** The largest code point: every term that starts with a prefix sorts below `prefix + highest`. */
const highest = '\u{10FFFF}';

const idList = (ids: readonly string[]) =>
  sql`(select json_array_elements_text(${JSON.stringify(ids)}::json))`;

function organizationFilter(column: RawBuilder<unknown>, scope: SearchScope) {
  if ('only' in scope.organization) return sql`and ${column} = ${scope.organization.only}`;
  const { except } = scope.organization;
  if (except.length === 0) return sql``;
  return sql`and (${column} is null or ${column} not in ${idList(except)})`;
}

/** The sort keys a page reads: from `from` (inclusive) to `below` (exclusive); null is no bound. */
export interface SortRange {
  readonly from: string | null;
  readonly below: string | null;
}

/** The sort keys that start with the prefix: one range of the name order. */
export function startingWith(prefix: string): { readonly from: string; readonly below: string } {
  return { from: prefix, below: prefix + highest };
}

/**
 * The accounts some term of which starts with the query while their sort key shares exactly `lead` code
 * points with it (`leadCap`: at least that many, and does not start with it), when at most `limit` term
 * rows are such (a sparse part, read by accountId); null when more are (a dense one: an ordered scan of
 * the part of the name order those sort keys are in finds a page sooner).
 */
export async function sparseCandidates(
  db: Kysely<Database>,
  scope: SearchScope & { readonly query: string },
  limit: number,
  lead: number,
): Promise<string[] | null> {
  const { rows } = await prefixCandidatesQuery(scope, limit + 1, lead).execute(db);
  if (rows.length > limit) return null;
  return [...new Set(rows.map((row) => row.account_id))];
}

/**
 * The term-index query of `sparseCandidates` (exported for the plan test): one range of the index, in its
 * order, so the planner reads the range and stops at the limit. Rows whose sort key starts with the query
 * (lead at least its length) are in no such range: they are read from the name order.
 */
export function prefixCandidatesQuery(
  scope: SearchScope & { readonly query: string },
  limit: number,
  lead: number,
) {
  const starts = startingWith(scope.query);
  return sql<{ account_id: string }>`select t.account_id from account_search_terms t
    where t.lead = ${lead} and t.term >= ${starts.from} and t.term < ${starts.below}
      ${lead < leadCap ? sql`` : sql`and (t.sort_key < ${starts.from} or t.sort_key >= ${starts.below})`}
      and t.active and t.audiences & ${scope.audience} <> 0
      ${organizationFilter(sql.ref('t.organization_id'), scope)}
    order by t.term
    limit ${limit}`;
}

/** One read of the name order: a range of sort keys, after a place, only `among` when given. */
export interface PageRequest {
  readonly range: SortRange;
  readonly after: Keyset | null;
  readonly limit: number;
  readonly among: readonly string[] | null;
}

/**
 * Up to `limit` rows of the scope in the range after `after`, in (sort key, accountId) order, of accounts
 * linked to the site and not deactivated there.
 */
export async function orderedPage(
  db: Kysely<Database>,
  scope: SearchScope,
  page: PageRequest,
): Promise<SearchRow[]> {
  const { rows } = await orderedPageQuery(scope, page).execute(db);
  return rows;
}

/** The query of `orderedPage` (exported for the plans). */
export function orderedPageQuery(scope: SearchScope, page: PageRequest) {
  const { after, among, range } = page;
  return sql<SearchRow>`select n.account_id, n.sort_key from account_search_names n
    join site_accounts s on s.site_id = ${scope.siteId} and s.account_id = n.account_id
    where s.deactivated_at is null and n.active and n.audiences & ${scope.audience} <> 0
      ${organizationFilter(sql.ref('n.organization_id'), scope)}
      ${scope.exceptAccountId === null ? sql`` : sql`and n.account_id <> ${scope.exceptAccountId}`}
      ${scope.query === null ? sql`` : sql`and strpos(n.words, ${wordSeparator + scope.query}) > 0`}
      ${among === null ? sql`` : sql`and n.account_id in ${idList(among)}`}
      ${range.from === null ? sql`` : sql`and n.sort_key >= ${range.from}`}
      ${range.below === null ? sql`` : sql`and n.sort_key < ${range.below}`}
      ${after === null ? sql`` : sql`and (n.sort_key, n.account_id collate "C") > (${after.key}, ${after.id})`}
    order by n.sort_key, n.account_id collate "C"
    limit ${page.limit}`;
}

/** The accounts of a site with a legacy username, and the username (the legacy username search). */
export async function siteUsernames(
  db: Kysely<Database>,
  siteId: string,
): Promise<{ account_id: string; username: string }[]> {
  const rows = await db
    .selectFrom('site_accounts')
    .select(['account_id', 'username'])
    .where('site_id', '=', siteId)
    .where('username', 'is not', null)
    .execute();
  return rows.map((row) => ({ account_id: row.account_id, username: row.username ?? '' }));
}

/** A page of the accountIds linked to a site, deactivated ones included, in accountId order. */
export async function siteAccountIds(
  db: Kysely<Database>,
  siteId: string,
  page: { readonly startAt: number; readonly maxResults: number },
): Promise<string[]> {
  const { rows } = await sql<{ account_id: string }>`select account_id from site_accounts
    where site_id = ${siteId} order by account_id collate "C"
    limit ${page.maxResults} offset ${page.startAt}`.execute(db);
  return rows.map((row) => row.account_id);
}

/** The accountIds of a group's members. */
export async function groupMemberIds(db: Kysely<Database>, groupId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('group_members')
    .select('account_id')
    .where('group_id', '=', groupId)
    .execute();
  return rows.map((row) => row.account_id);
}
