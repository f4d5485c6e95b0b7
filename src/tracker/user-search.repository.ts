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

/**
 * The distinct terms of lead `lead` that start with the query, in order, when there are at most `cap`
 * of them; null when there are more. A loose scan of the term index: one index probe per distinct term,
 * however many rows each has.
 */
export async function distinctTerms(
  db: Kysely<Database>,
  scope: SearchScope & { readonly query: string },
  lead: number,
  cap: number,
): Promise<string[] | null> {
  const starts = startingWith(scope.query);
  const only = 'only' in scope.organization ? scope.organization.only : null;
  const organization = only === null ? sql`` : sql`and t.organization_id = ${only}`;
  const { rows } = await sql<{ term: string }>`with recursive found(term) as (
      (select t.term from account_search_terms t
        where t.lead = ${lead} and t.term >= ${starts.from} and t.term < ${starts.below} ${organization}
        order by t.term limit 1)
      union all
      select (select t.term from account_search_terms t
          where t.lead = ${lead} and t.term > f.term and t.term < ${starts.below} ${organization}
          order by t.term limit 1)
        from found f where f.term is not null
    )
    select term from found where term is not null limit ${cap + 1}`.execute(db);
  return rows.length > cap ? null : rows.map((row) => row.term);
}

/** The terms of one lead a part of the name order is read through (see `termPageQuery`). */
export interface TermList {
  readonly lead: number;
  readonly terms: readonly string[];
}

/** One read of the name order: a range of sort keys, after a place, only `among` when given. */
export interface PageRequest {
  readonly range: SortRange;
  readonly after: Keyset | null;
  readonly limit: number;
  readonly among: readonly string[] | null;
  /** When given, the page is read through these terms' rows rather than by scanning the name order. */
  readonly through?: TermList | null;
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
  const query = page.through
    ? termPageQuery(scope, { ...page, through: page.through })
    : orderedPageQuery(scope, page);
  const { rows } = await query.execute(db);
  return rows;
}

/** The conditions every row of a page meets, on the sort key and accountId columns of `table`. */
function pageConditions(table: 'n' | 't', scope: SearchScope, page: PageRequest) {
  const { after, range } = page;
  const column = (name: string) => sql.ref(`${table}.${name}`);
  return sql`s.deactivated_at is null and ${column('active')} and ${column('audiences')} & ${scope.audience} <> 0
      ${organizationFilter(column('organization_id'), scope)}
      ${scope.exceptAccountId === null ? sql`` : sql`and ${column('account_id')} <> ${scope.exceptAccountId}`}
      ${range.from === null ? sql`` : sql`and ${column('sort_key')} >= ${range.from}`}
      ${range.below === null ? sql`` : sql`and ${column('sort_key')} < ${range.below}`}
      ${after === null ? sql`` : sql`and (${column('sort_key')}, ${column('account_id')} collate "C") > (${after.key}, ${after.id})`}`;
}

/**
 * The query of `orderedPage` through a list of terms: for each term, the first rows of its index range in
 * name order (the term index holds the sort key after the term), merged. Its cost is the page times the
 * number of terms, however the matches are spread through the name order.
 */
export function termPageQuery(scope: SearchScope, page: PageRequest & { readonly through: TermList }) {
  const { lead, terms } = page.through;
  return sql<SearchRow>`select c.account_id, c.sort_key
    from (select json_array_elements_text(${JSON.stringify(terms)}::json) as term) as d
    cross join lateral (
      select t.account_id, t.sort_key from account_search_terms t
      join site_accounts s on s.site_id = ${scope.siteId} and s.account_id = t.account_id
      where t.lead = ${lead} and t.term = d.term and ${pageConditions('t', scope, page)}
      order by t.sort_key, t.account_id collate "C"
      limit ${page.limit}
    ) as c
    group by c.account_id, c.sort_key
    order by c.sort_key, c.account_id collate "C"
    limit ${page.limit}`;
}

/** The query of `orderedPage` (exported for the plans). */
export function orderedPageQuery(scope: SearchScope, page: PageRequest) {
  const { among } = page;
  return sql<SearchRow>`select n.account_id, n.sort_key from account_search_names n
    join site_accounts s on s.site_id = ${scope.siteId} and s.account_id = n.account_id
    where ${pageConditions('n', scope, page)}
      ${scope.query === null ? sql`` : sql`and strpos(n.words, ${wordSeparator + scope.query}) > 0`}
      ${among === null ? sql`` : sql`and n.account_id in ${idList(among)}`}
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
