/**
 * Searching a site's issues with JQL: the query parsed, its user references resolved (accountIds; in the
 * legacy stage also usernames and keys the caller may find), and one SQL statement run, scoped to the
 * site's issues. A clause Veil cannot answer exactly is a 400 that names it.
 */
import { type Kysely, type SqlBool, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Directory } from '../directory/directory.ts';
import { VeilError } from '../errors/veil-error.ts';
import type { JqlQuery, JqlSort } from '../jql/jql.ast.ts';
import { parseJql } from '../jql/jql.parser.ts';
import { listUserReferences } from '../jql/jql.users.ts';
import type { Site } from '../sites/sites.model.ts';
import { findByLegacyIdentifier } from '../user-api/legacy-request.ts';
import type { Viewer } from '../visibility/visibility.ts';
import { describeField, requireSearchField, unsupportedClause } from './issue-search.fields.ts';
import { clauseCondition } from './issue-search.sql.ts';
import type { SearchContext } from './issue-search.values.ts';
import { type CustomField, type Issue, type IssueRow, issueRowToIssue } from './issues.model.ts';
import { listCustomFields } from './issues.repository.ts';

/** Who searches, and how: the site, the caller, whether legacy identifiers are read, the clock's now. */
export interface Searcher {
  readonly site: Site;
  readonly viewer: Viewer;
  readonly actorId: string | null;
  readonly legacy: boolean;
  readonly now: Date;
  /** Counts the call as one that named people by username or key (the legacy stage's usage report). */
  readonly noteLegacyUse: () => void;
}

export interface SearchPage {
  readonly issues: Issue[];
  /** How many issues match in all (null when not counted). */
  readonly total: number | null;
  readonly hasMore: boolean;
}

/** The parsed query, or the tracker's 400 saying where and why it does not parse. */
export function parseSearchJql(text: string): JqlQuery {
  const parsed = parseJql(text);
  if (parsed.ok) return parsed.query;
  const code = parsed.error.limit ? 'jql.too_large' : 'jql.invalid';
  throw new VeilError(code, `Error in the JQL Query: ${parsed.error.message}`, [
    { path: 'jql', message: parsed.error.message },
  ]);
}

/** The accountId each user reference names: itself, or in the legacy stage a username's or key's owner. */
async function resolveReferences(
  directory: Directory,
  searcher: Searcher,
  query: JqlQuery,
  customFields: readonly CustomField[],
): Promise<(reference: string) => string> {
  if (!searcher.legacy) return (reference) => reference;
  const userFields = new Set(customFields.flatMap((f) => [`cf[${f.id}]`, f.name.toLowerCase()]));
  const resolved = new Map<string, string>();
  for (const reference of listUserReferences(query, { userFields })) {
    if ((await directory.entry(reference))?.links.has(searcher.site.id)) continue;
    const { site, viewer } = searcher;
    const entry =
      (await findByLegacyIdentifier(directory, site, viewer, 'username', reference)) ??
      (await findByLegacyIdentifier(directory, site, viewer, 'key', reference));
    if (entry) resolved.set(reference, entry.account.accountId);
  }
  if (resolved.size > 0) searcher.noteLegacyUse();
  return (reference) => resolved.get(reference) ?? reference;
}

const statusRank = sql`case issues.status when 'To Do' then 1 when 'In Progress' then 2 else 3 end`;
const priorityRank = sql`case issues.priority when 'Lowest' then 1 when 'Low' then 2 when 'Medium' then 3
  when 'High' then 4 else 5 end`;

/** The SQL of an `ORDER BY` key: the expressions it sorts by. */
function sortExpressions(sort: JqlSort, customFields: readonly CustomField[]) {
  const field = requireSearchField(sort.field, customFields);
  const direction = sql.raw(sort.direction === 'desc' ? 'desc' : 'asc');
  const by = (expression: ReturnType<typeof sql>) => sql`${expression} ${direction}`;
  if (field.kind === 'key') return [by(sql`issues.project_key`), by(sql`issues.issue_number`)];
  if (field.kind === 'date') return [by(sql.ref(`issues.${field.column}`))];
  if (field.kind === 'status') return [by(statusRank)];
  if (field.kind === 'priority') return [by(priorityRank)];
  if (field.kind === 'text' && field.scope === 'summary') return [by(sql`issues.summary`)];
  throw unsupportedClause(
    `ORDER BY ${describeField(sort.field)}`,
    'Veil sorts by key, created, updated, summary, status and priority',
  );
}

function orderOf(query: JqlQuery, customFields: readonly CustomField[]) {
  const keys = query.orderBy.flatMap((sort) => sortExpressions(sort, customFields));
  // Without ORDER BY, newest first; the id breaks ties, so pages never overlap.
  if (keys.length === 0) keys.push(sql`issues.created_at desc`);
  return sql.join([...keys, sql`issues.issue_id desc`]);
}

/** A page of the issues the query finds on the site, in its order, with the total when `count` asks. */
export async function searchIssues(
  deps: { readonly db: Kysely<Database>; readonly directory: Directory },
  searcher: Searcher,
  text: string,
  page: { readonly startAt: number; readonly maxResults: number; readonly count: boolean },
): Promise<SearchPage> {
  const query = parseSearchJql(text);
  const customFields = await listCustomFields(deps.db, searcher.site.id);
  const context: SearchContext = {
    siteId: searcher.site.id,
    now: searcher.now,
    actorId: searcher.actorId,
    customFields,
    userOf: await resolveReferences(deps.directory, searcher, query, customFields),
  };
  const where = query.where === null ? sql<SqlBool>`true` : clauseCondition(query.where, context);
  const rows = await deps.db
    .selectFrom('issues')
    .innerJoin('issue_projects', (join) =>
      join
        .onRef('issue_projects.site_id', '=', 'issues.site_id')
        .onRef('issue_projects.project_key', '=', 'issues.project_key'),
    )
    .selectAll('issues')
    .select('issue_projects.project_id')
    // Counting every match costs a full scan of them: only `search` (with its `total`) asks for it.
    .select((page.count ? sql<string>`count(*) over ()` : sql<string>`null`).as('total_count'))
    .where('issues.site_id', '=', searcher.site.id)
    .where(where)
    .orderBy(orderOf(query, customFields))
    .offset(page.startAt)
    .limit(page.maxResults + 1)
    .execute();
  const total =
    rows.length > 0
      ? Number(rows[0]?.total_count)
      : page.count
        ? await countAll(deps.db, searcher.site.id, where)
        : 0;
  const issues = rows.slice(0, page.maxResults).map((row) => issueRowToIssue(row as IssueRow));
  return { issues, total: page.count ? total : null, hasMore: rows.length > page.maxResults };
}

async function countAll(db: Kysely<Database>, siteId: string, where: ReturnType<typeof sql<SqlBool>>) {
  const row = await db
    .selectFrom('issues')
    .select(sql<string>`count(*)`.as('n'))
    .where('issues.site_id', '=', siteId)
    .where(where)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Whether one issue matches the query, as the store holds it in `db`'s transaction: a webhook's filter,
 * decided for the issue a change is about. `currentUser()` is `actorId` (the receiving app's user); names
 * are accountIds only.
 */
export async function issueMatchesJql(
  db: Kysely<Database>,
  issue: { readonly siteId: string; readonly issueId: string },
  reader: { readonly actorId: string | null; readonly now: Date },
  text: string,
): Promise<boolean> {
  const query = parseSearchJql(text);
  if (query.where === null) return true;
  const customFields = await listCustomFields(db, issue.siteId);
  const context: SearchContext = { siteId: issue.siteId, customFields, userOf: (id) => id, ...reader };
  const row = await db
    .selectFrom('issues')
    .select('issues.issue_id')
    .where('issues.site_id', '=', issue.siteId)
    .where('issues.issue_id', '=', issue.issueId)
    .where(clauseCondition(query.where, context))
    .executeTakeFirst();
  return row !== undefined;
}
