import type { Directory, DirectoryEntry } from '../directory/directory.ts';
import { VeilError } from '../errors/veil-error.ts';
import type { Site } from '../sites/sites.model.ts';
import type { ProfileView, Viewer } from '../visibility/visibility.ts';

/**
 * How a search picks accounts. `prefix` and `exact-name` carry a normalised query (see
 * `normalizeQuery`) and are matched against the viewer's view only, never the stored profile.
 */
export type UserCriterion =
  | { readonly kind: 'prefix'; readonly query: string }
  | { readonly kind: 'exact-name'; readonly query: string }
  | { readonly kind: 'account'; readonly accountId: string }
  | { readonly kind: 'everyone' };

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
}

/** One account found, with the view it was matched and will be rendered from. */
export interface UserMatch {
  readonly entry: DirectoryEntry;
  readonly view: ProfileView;
  readonly sortKey: string;
}

/** Above this many kept matches, collecting all and sorting once is cheaper than ordered insertion. */
const orderedInsertionLimit = 2000;

/** The query as terms are stored: lower-cased, outer whitespace removed. */
export function normalizeQuery(raw: string): string {
  return raw.toLowerCase().trim();
}

/**
 * What to match: `query` (a display-name or visible-email prefix) xor `accountId`; with neither, every
 * account (or a 400 where the operation requires one). A blank value counts as absent.
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
  if (required) {
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

/** What a search needs of one view: the directory's terms for it, and the key it is ordered by. */
interface SearchableView {
  readonly terms: readonly string[];
  readonly sortKey: string;
}

// The directory decides a view and its terms together and keeps both per relation, replacing them when
// the account changes; so a view object always stands for the same terms, and both can be kept here.
// A candidate then costs one decision lookup (viewOf), not two.
const searchable = new WeakMap<ProfileView, SearchableView>();

function searchableOf(directory: Directory, entry: DirectoryEntry, view: ProfileView, viewer: Viewer) {
  let known = searchable.get(view);
  if (known === undefined) {
    known = { terms: directory.termsOf(entry, viewer), sortKey: view.displayName.toLowerCase() };
    searchable.set(view, known);
  }
  return known;
}

/** Orders by sort key (the lower-cased display name), then accountId: deterministic for every viewer. */
export function compareNameThenId(aKey: string, aId: string, bKey: string, bId: string): number {
  if (aKey !== bKey) return aKey < bKey ? -1 : 1;
  if (aId !== bId) return aId < bId ? -1 : 1;
  return 0;
}

/**
 * Inserts `item` into the sorted `list`, keeping only the first `limit` items; returns whether it was
 * kept. This finds the first page without sorting every match.
 */
export function insertBounded<T>(
  list: T[],
  item: T,
  limit: number,
  compare: (a: T, b: T) => number,
): boolean {
  if (limit <= 0) return false;
  const last = list[list.length - 1];
  if (list.length >= limit && last !== undefined && compare(item, last) >= 0) return false;
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compare(list[middle]!, item) <= 0) low = middle + 1;
    else high = middle;
  }
  list.splice(low, 0, item);
  if (list.length > limit) list.pop();
  return true;
}

const compareUserMatches = (a: UserMatch, b: UserMatch) =>
  compareNameThenId(a.sortKey, a.entry.account.accountId, b.sortKey, b.entry.account.accountId);

/** True when a full, ordered window has no room for this key (checked before allocating a match). */
function isPastWindow(kept: readonly UserMatch[], end: number, sortKey: string, accountId: string): boolean {
  const last = kept[kept.length - 1];
  if (kept.length < end || last === undefined) return kept.length >= end;
  return compareNameThenId(sortKey, accountId, last.sortKey, last.entry.account.accountId) >= 0;
}

/** The accounts worth checking: the smaller of the query's index bucket and the site's members. */
function candidatesOf(directory: Directory, site: Site, criterion: UserCriterion): Iterable<string> {
  const members = directory.siteMembers(site.id);
  if (criterion.kind === 'account') return [criterion.accountId];
  if (criterion.kind === 'everyone' || criterion.query === '') return members;
  const bucket = directory.searchCandidates(criterion.query);
  return bucket.size < members.size ? bucket : members;
}

function matchesCriterion(view: ProfileView, terms: readonly string[], criterion: UserCriterion): boolean {
  switch (criterion.kind) {
    case 'prefix':
      return termsMatchQuery(terms, criterion.query);
    case 'exact-name':
      return isExactNameMatch(view, criterion.query);
    case 'account':
    case 'everyone':
      return true;
  }
}

function isCandidateOf(entry: DirectoryEntry | undefined, search: SiteUserSearch): entry is DirectoryEntry {
  if (!entry?.links.has(search.site.id)) return false;
  if (entry.account.status !== 'active') return false;
  if (search.excludedAccountIds?.has(entry.account.accountId)) return false;
  return search.isEligible?.(entry) ?? true;
}

/**
 * The accounts of a site that match a search, as the viewer sees them: one page in display-name order,
 * and how many matched in all. Only terms of the viewer's view are matched, so a hidden field never
 * finds anyone.
 */
export function findSiteUsers(
  directory: Directory,
  search: SiteUserSearch,
): { users: UserMatch[]; total: number } {
  const end = Math.min(search.startAt + search.maxResults, search.horizon ?? Number.POSITIVE_INFINITY);
  const kept: UserMatch[] = [];
  const ordered = end <= orderedInsertionLimit;
  let total = 0;
  for (const accountId of candidatesOf(directory, search.site, search.criterion)) {
    const entry = directory.entry(accountId);
    if (!isCandidateOf(entry, search)) continue;
    const view = directory.viewOf(entry, search.viewer);
    const { terms, sortKey } = searchableOf(directory, entry, view, search.viewer);
    if (!matchesCriterion(view, terms, search.criterion)) continue;
    total++;
    if (!ordered) kept.push({ entry, view, sortKey });
    else if (!isPastWindow(kept, end, sortKey, accountId))
      insertBounded(kept, { entry, view, sortKey }, end, compareUserMatches);
  }
  if (!ordered) kept.sort(compareUserMatches);
  return { users: kept.slice(search.startAt, Math.max(search.startAt, end)), total };
}

const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * One page of every account linked to the site, deactivated ones included, in accountId order: an order
 * that renames do not disturb while a client pages through, and that needs no view of the accounts
 * outside the page (listing 100,000 accounts decides 50 views, not 100,000).
 */
export function listSiteAccounts(
  directory: Directory,
  site: Site,
  page: { startAt: number; maxResults: number },
): DirectoryEntry[] {
  const end = page.startAt + page.maxResults;
  let ids: string[] = [];
  if (end <= orderedInsertionLimit) {
    for (const accountId of directory.siteMembers(site.id)) insertBounded(ids, accountId, end, compareIds);
  } else {
    ids = [...directory.siteMembers(site.id)].sort(compareIds);
  }
  return ids.slice(page.startAt, end).flatMap((accountId) => {
    const entry = directory.entry(accountId);
    return entry?.links.has(site.id) ? [entry] : [];
  });
}

const htmlEntities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe to place in HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => htmlEntities[c] ?? c);
}

/** The separators the search index splits names on; a match may start after any of them. */
const wordSeparator = /[\s.,'"()-]/;

/** `text`, escaped, with each place the query matches a word start (or only the start) in `<strong>`. */
function highlight(text: string, query: string, atEveryWord: boolean): string {
  if (query === '') return escapeHtml(text);
  let html = '';
  let from = 0;
  let index = 0;
  while (index + query.length <= text.length) {
    const atWordStart = index === 0 || (atEveryWord && wordSeparator.test(text[index - 1] ?? ''));
    const slice = text.slice(index, index + query.length);
    if (atWordStart && slice.toLowerCase() === query) {
      html += `${escapeHtml(text.slice(from, index))}<strong>${escapeHtml(slice)}</strong>`;
      index += query.length;
      from = index;
    } else {
      index++;
    }
  }
  return html + escapeHtml(text.slice(from));
}

/**
 * The picker's `html`: the display name, then the email only when the viewer may see it (pass
 * `view.email`), every part escaped and the query highlighted with `<strong>`.
 */
export function highlightUserHtml(displayName: string, email: string | undefined, query: string): string {
  const name = highlight(displayName, query, true);
  return email === undefined ? name : `${name} - ${highlight(email, query, false)}`;
}
