import type { Directory, DirectoryEntry } from '../directory/directory.ts';
import { legacyIdentityOf } from '../directory/legacy-identity.ts';
import { audienceBits } from '../directory/search-rows.ts';
import { compareNameThenId, normalizeQuery } from '../directory/search-terms.ts';
import { VeilError } from '../errors/veil-error.ts';
import type { Site } from '../sites/sites.model.ts';
import { closeRelationsOf, type ProfileView, type Viewer } from '../visibility/visibility.ts';
import { listed, mergeInOrder, withoutRepeats } from './ordered-streams.ts';
import { orderedEntries, type SearchTuning } from './user-search.pages.ts';
import { type SearchScope, siteAccountIds, siteUsernames } from './user-search.repository.ts';

export { compareNameThenId, normalizeQuery } from '../directory/search-terms.ts';

/**
 * How a search picks accounts. `prefix` and `exact-name` carry a normalised query (see
 * `normalizeQuery`) and are matched against the viewer's view only, never the stored profile.
 */
export type UserCriterion =
  | { readonly kind: 'prefix'; readonly query: string }
  | { readonly kind: 'exact-name'; readonly query: string }
  | { readonly kind: 'account'; readonly accountId: string }
  | { readonly kind: 'everyone' }
  /** Legacy mode's `username` search: a prefix of the legacy username, or of what `prefix` matches. */
  | { readonly kind: 'legacy-prefix'; readonly query: string };

export interface SiteUserSearch {
  readonly site: Site;
  readonly viewer: Viewer;
  readonly criterion: UserCriterion;
  /** What the operation requires of an account beyond the criterion (assignable, may browse, ...). */
  readonly isEligible?: (entry: DirectoryEntry) => boolean;
  readonly excludedAccountIds?: ReadonlySet<string>;
  readonly startAt: number;
  readonly maxResults: number;
  /** Matches beyond this position are never returned ("up to the thousandth user"). */
  readonly horizon?: number;
  /** How the search tables are read (tests vary it: every choice must give the same page). */
  readonly tuning?: SearchTuning;
}

/** One account found, with the view it was matched and will be rendered from. */
export interface UserMatch {
  readonly entry: DirectoryEntry;
  readonly view: ProfileView;
  readonly sortKey: string;
}

/**
 * What to match: `query` (a display-name or visible-email prefix) xor `accountId`; with neither, every
 * account (or a 400 where the operation requires one and `query` is not even given blank).
 */
export function readCriterion(raw: { query?: string; accountId?: string }, required: boolean): UserCriterion {
  const query = raw.query === undefined ? '' : normalizeQuery(raw.query);
  const accountId = raw.accountId ?? '';
  if (query !== '' && accountId !== '') {
    throw new VeilError('request.invalid', 'Give either query or accountId, not both', [
      { path: 'query', message: 'cannot be combined with accountId' },
    ]);
  }
  if (accountId !== '') return { kind: 'account', accountId };
  if (query !== '') return { kind: 'prefix', query };
  // A blank `query` is a search for everyone (clients send `query=` to list people); none at all is not.
  if (required && raw.query === undefined) {
    throw new VeilError('request.invalid', 'One of the query, accountId or property parameters is required', [
      { path: 'query', message: 'is required' },
    ]);
  }
  return { kind: 'everyone' };
}

/** True when some term starts with the (normalised) query. */
export function termsMatchQuery(terms: readonly string[], query: string): boolean {
  for (const term of terms) if (term.startsWith(query)) return true;
  return false;
}

/** True when the (normalised) query is exactly the display name or public name of the view. */
export function isExactNameMatch(view: ProfileView, query: string): boolean {
  return normalizeQuery(view.displayName) === query || normalizeQuery(view.publicName) === query;
}

const idOf = (match: UserMatch) => match.entry.account.accountId;

const compareUserMatches = (a: UserMatch, b: UserMatch) =>
  compareNameThenId(a.sortKey, a.entry.account.accountId, b.sortKey, b.entry.account.accountId);

function isCandidate(directory: Directory, entry: DirectoryEntry, search: SiteUserSearch): boolean {
  if (!entry.links.has(search.site.id)) return false;
  // Inactive on this site (globally, or by the site's admin) is not a candidate here.
  if (directory.statusOn(entry, search.site.id) !== 'active') return false;
  if (search.excludedAccountIds?.has(entry.account.accountId)) return false;
  return search.isEligible?.(entry) ?? true;
}

/**
 * The account as the viewer sees it, if it is one the search may answer: the words are the viewer's
 * view's, decided again here, so a row the index still holds from before a change cannot find anyone.
 */
function matchOf(directory: Directory, search: SiteUserSearch, entry: DirectoryEntry): UserMatch | undefined {
  if (!isCandidate(directory, entry, search)) return undefined;
  const { view, terms, sortKey } = directory.decidedFor(entry, search.viewer);
  const { criterion } = search;
  if (criterion.kind === 'prefix' && !termsMatchQuery(terms, criterion.query)) return undefined;
  if (criterion.kind === 'legacy-prefix' && !termsMatchQuery(terms, criterion.query)) {
    if (!matchesUsername(entry, view, search.site, criterion.query)) return undefined;
  }
  if (criterion.kind === 'exact-name' && !isExactNameMatch(view, criterion.query)) return undefined;
  return { entry, view, sortKey };
}

/** How many rows a search reads at a time. */
interface Paging {
  readonly pageSize: number;
}

/**
 * The matches one audience holds, in its order (see `orderedEntries`). Each is checked against the
 * search and `belongs` (which accounts this audience answers for the viewer).
 */
async function* audienceMatches(
  directory: Directory,
  search: SiteUserSearch & Paging,
  scope: SearchScope,
  belongs: (entry: DirectoryEntry) => boolean,
): AsyncGenerator<UserMatch> {
  for await (const entry of orderedEntries(directory, scope, search.pageSize, search.tuning)) {
    const match = belongs(entry) ? matchOf(directory, search, entry) : undefined;
    if (match) yield match;
  }
}

/** The query a criterion matches words against (none for every account, or one account). */
function queryOf(criterion: UserCriterion): string | null {
  return criterion.kind === 'everyone' || criterion.kind === 'account' ? null : criterion.query;
}

/**
 * Every match of a search in order, lazily: the accounts the viewer sees as a stranger does (one
 * audience for all viewers), those of each organization it belongs to or administers (an audience per
 * organization and relation), and its own account, merged.
 */
async function* orderedMatches(
  directory: Directory,
  search: SiteUserSearch & Paging,
): AsyncGenerator<UserMatch> {
  const { criterion } = search;
  if (criterion.kind === 'legacy-prefix') return yield* legacyMatches(directory, search, criterion.query);
  if (criterion.kind === 'account') return yield* accountMatch(directory, search, criterion.accountId);
  const close = closeRelationsOf(search.viewer);
  const isCloseAccount = (entry: DirectoryEntry) =>
    entry.account.accountId === close.self || close.accounts.has(entry.account.accountId);
  const isClose = (entry: DirectoryEntry) => {
    const organization = entry.account.managingOrganizationId;
    return isCloseAccount(entry) || (organization != null && close.organizations.has(organization));
  };
  const base = { siteId: search.site.id, exceptAccountId: close.self, query: queryOf(criterion) };
  const stranger = audienceBits[close.stranger as 'signed-in' | 'email-api'];
  const except = [...close.organizations.keys()];
  const streams: AsyncIterator<UserMatch>[] = [
    audienceMatches(
      directory,
      search,
      { ...base, audience: stranger, organization: { except } },
      (e) => !isClose(e),
    ),
  ];
  for (const [organizationId, relation] of close.organizations) {
    const scope = {
      ...base,
      audience: audienceBits[relation as 'organization-member'],
      organization: { only: organizationId },
    };
    const belongs = (e: DirectoryEntry) =>
      !isCloseAccount(e) && e.account.managingOrganizationId === organizationId;
    streams.push(audienceMatches(directory, search, scope, belongs));
  }
  if (close.self !== null) streams.push(accountMatch(directory, search, close.self));
  if (close.accounts.size > 0) streams.push(accountsMatches(directory, search, [...close.accounts.keys()]));
  yield* mergeInOrder(streams, compareUserMatches);
}

/** The one account named, if it matches. */
async function* accountMatch(
  directory: Directory,
  search: SiteUserSearch,
  accountId: string,
): AsyncGenerator<UserMatch> {
  const entry = await directory.entry(accountId);
  const match = entry ? matchOf(directory, search, entry) : undefined;
  if (match) yield match;
}

/**
 * The accounts named (those a viewer stands close to one by one, such as the people who consented to
 * an OAuth app) that match, in order: each matched on the viewer's own view of it.
 */
async function* accountsMatches(
  directory: Directory,
  search: SiteUserSearch,
  accountIds: readonly string[],
): AsyncGenerator<UserMatch> {
  const entries = await directory.entries(accountIds);
  const matches: UserMatch[] = [];
  for (const entry of entries.values()) {
    const match = matchOf(directory, search, entry);
    if (match) matches.push(match);
  }
  yield* listed(matches.sort(compareUserMatches));
}

/** Whether the account's username on the site starts with the query, where the viewer may see it. */
function matchesUsername(entry: DirectoryEntry, view: ProfileView, site: Site, query: string): boolean {
  const username = legacyIdentityOf(entry, view, site)?.username;
  return username != null && normalizeQuery(username).startsWith(query);
}

/**
 * The legacy `username` search: what the prefix search finds, merged in order with the accounts whose
 * username starts with the query (read from the site's links: legacy sites only, and only for calls that
 * still search by username).
 */
async function* legacyMatches(
  directory: Directory,
  search: SiteUserSearch & Paging,
  query: string,
): AsyncGenerator<UserMatch> {
  const byName = orderedMatches(directory, { ...search, criterion: { kind: 'prefix', query } });
  const named = (await siteUsernames(directory.db, search.site.id)).filter((row) =>
    normalizeQuery(row.username).startsWith(query),
  );
  const entries = await directory.entries(named.map((row) => row.account_id));
  const byUsername: UserMatch[] = [];
  const everyone = { ...search, criterion: { kind: 'everyone' } as const };
  for (const entry of entries.values()) {
    const match = matchOf(directory, everyone, entry);
    if (match && matchesUsername(match.entry, match.view, search.site, query)) byUsername.push(match);
  }
  byUsername.sort(compareUserMatches);
  yield* withoutRepeats(mergeInOrder([byName, listed(byUsername)], compareUserMatches), idOf);
}

/** The window of matches a search answers: up to `startAt + maxResults`, within the horizon. */
function windowEnd(search: SiteUserSearch): number {
  return Math.min(search.startAt + search.maxResults, search.horizon ?? Number.POSITIVE_INFINITY);
}

/**
 * One page of the accounts of a site that match a search, as the viewer sees them, in display-name
 * order. Only words of the viewer's view are matched, so a hidden field never finds anyone; the page
 * costs what it holds, not how many people match.
 */
export async function findSiteUsers(directory: Directory, search: SiteUserSearch): Promise<UserMatch[]> {
  const end = windowEnd(search);
  if (end <= search.startAt) return [];
  // A few more rows than the window: some may not be eligible.
  const pageSize = Math.min(Math.max(end + 16, 32), 500);
  const matches = orderedMatches(directory, { ...search, pageSize });
  const page: UserMatch[] = [];
  for (let position = 0; position < end; position++) {
    const next = await matches.next();
    if (next.done) break;
    if (position >= search.startAt) page.push(next.value);
  }
  await matches.return(undefined);
  return page;
}

/** The same page, and how many accounts matched in all (which costs a check per match). */
export async function findSiteUsersWithTotal(
  directory: Directory,
  search: SiteUserSearch,
): Promise<{ users: UserMatch[]; total: number }> {
  const end = windowEnd(search);
  const users: UserMatch[] = [];
  let total = 0;
  for await (const match of orderedMatches(directory, { ...search, pageSize: 1000 })) {
    if (total >= search.startAt && total < end) users.push(match);
    total++;
  }
  return { users, total };
}

/**
 * One page of every account linked to the site, deactivated ones included, in accountId order: an order
 * that renames do not disturb while a client pages through, and that needs no view of the accounts
 * outside the page (listing 100,000 accounts decides 50 views, not 100,000).
 */
export async function listSiteAccounts(
  directory: Directory,
  site: Site,
  page: { startAt: number; maxResults: number },
): Promise<DirectoryEntry[]> {
  const ids = await siteAccountIds(directory.db, site.id, page);
  const entries = await directory.entries(ids);
  return ids.flatMap((accountId) => {
    const entry = entries.get(accountId);
    return entry?.links.has(site.id) ? [entry] : [];
  });
}
