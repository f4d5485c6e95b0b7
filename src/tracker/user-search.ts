import type { Directory, DirectoryEntry } from '../directory/directory.ts';
import { legacyIdentityOf } from '../directory/legacy-identity.ts';
import { type Audience, compareNameThenId } from '../directory/name-order.ts';
import { VeilError } from '../errors/veil-error.ts';
import type { Site } from '../sites/sites.model.ts';
import { closeRelationsOf, type ProfileView, type Viewer } from '../visibility/visibility.ts';

import { insertBounded } from './sorted-insert.ts';

export { compareNameThenId } from '../directory/name-order.ts';

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

const compareUserMatches = (a: UserMatch, b: UserMatch) =>
  compareNameThenId(a.sortKey, a.entry.account.accountId, b.sortKey, b.entry.account.accountId);

function isCandidateOf(
  directory: Directory,
  entry: DirectoryEntry | undefined,
  search: SiteUserSearch,
): entry is DirectoryEntry {
  if (!entry?.links.has(search.site.id)) return false;
  // Inactive on this site (globally, or by the site's admin) is not a candidate here.
  if (directory.statusOn(entry, search.site.id) !== 'active') return false;
  if (search.excludedAccountIds?.has(entry.account.accountId)) return false;
  return search.isEligible?.(entry) ?? true;
}

/** The account as the viewer sees it, if it is one the search may answer. */
function matchOf(directory: Directory, search: SiteUserSearch, accountId: string): UserMatch | undefined {
  const entry = directory.heldEntry(accountId);
  if (!isCandidateOf(directory, entry, search)) return undefined;
  const { view, terms, sortKey } = directory.decidedFor(entry, search.viewer);
  const { criterion } = search;
  if (criterion.kind === 'prefix' && !termsMatchQuery(terms, criterion.query)) return undefined;
  if (criterion.kind === 'legacy-prefix' && !termsMatchQuery(terms, criterion.query)) {
    if (!matchesUsername(entry, view, search.site, criterion.query)) return undefined;
  }
  if (criterion.kind === 'exact-name' && !isExactNameMatch(view, criterion.query)) return undefined;
  return { entry, view, sortKey };
}

/** The positions, in the audience's order, of the accounts whose words start with `query`. */
function rankedMatches(directory: Directory, audience: Audience, query: string): Int32Array {
  const slots = audience.index.candidates(query);
  const ranks = audience.order.ranks(directory.slotCount);
  const found = new Int32Array(slots.size);
  let count = 0;
  for (const slot of slots) {
    const rank = ranks[slot]!;
    if (rank >= 0) found[count++] = rank;
  }
  return found.subarray(0, count).sort();
}

/**
 * The matches one audience holds, in its order: for a query, only the accounts its index finds (its
 * words are the viewer's, so these are exactly the matches); with none, every account in order. Each
 * is checked against the search and `belongs` (which accounts this audience answers for the viewer).
 */
function* audienceMatches(
  directory: Directory,
  search: SiteUserSearch,
  audience: Audience,
  belongs: (accountId: string) => boolean,
): Generator<UserMatch> {
  const { criterion } = search;
  const { order } = audience;
  // Accounts are looked up one by one, never through an audience.
  const query = criterion.kind === 'everyone' || criterion.kind === 'account' ? null : criterion.query;
  const ranks = query === null ? null : rankedMatches(directory, audience, query);
  const count = ranks ? ranks.length : order.size;
  for (let index = 0; index < count; index++) {
    const placed = order.at(ranks ? ranks[index]! : index);
    if (!placed || !belongs(placed.accountId)) continue;
    const match = matchOf(directory, search, placed.accountId);
    if (match) yield match;
  }
}

/**
 * Every match of a search in order, lazily: the accounts the viewer sees as a stranger does (one
 * audience for all viewers), those of each organization it belongs to or administers (an audience per
 * organization and relation), and its own account, merged.
 */
function orderedMatches(directory: Directory, search: SiteUserSearch): Iterator<UserMatch> {
  const { criterion } = search;
  if (criterion.kind === 'legacy-prefix') return legacyMatches(directory, search, criterion.query);
  if (criterion.kind === 'account') {
    const match = matchOf(directory, search, criterion.accountId);
    return (match ? [match] : [])[Symbol.iterator]();
  }
  const close = closeRelationsOf(search.viewer);
  const isClose = (accountId: string) => {
    const organization = directory.heldAccount(accountId)?.managingOrganizationId;
    return accountId === close.self || (organization != null && close.organizations.has(organization));
  };
  const streams: Iterator<UserMatch>[] = [
    audienceMatches(directory, search, directory.audience(close.stranger, null), (id) => !isClose(id)),
  ];
  for (const [organizationId, relation] of close.organizations) {
    const audience = directory.audience(relation, organizationId);
    streams.push(audienceMatches(directory, search, audience, (id) => id !== close.self));
  }
  const self = close.self === null ? undefined : matchOf(directory, search, close.self);
  if (self) streams.push([self][Symbol.iterator]());
  return mergeInOrder(streams);
}

/** Whether the account's username on the site starts with the query, where the viewer may see it. */
function matchesUsername(entry: DirectoryEntry, view: ProfileView, site: Site, query: string): boolean {
  const username = legacyIdentityOf(entry, view, site)?.username;
  return username != null && normalizeQuery(username).startsWith(query);
}

/**
 * The legacy `username` search: what the prefix search finds, merged in order with the accounts whose
 * username starts with the query. Usernames are in no audience index, so those are found by a walk over
 * the site's members (legacy sites only, and only for calls that still search by username).
 */
function legacyMatches(directory: Directory, search: SiteUserSearch, query: string): Iterator<UserMatch> {
  const byName = orderedMatches(directory, { ...search, criterion: { kind: 'prefix', query } });
  const byUsername: UserMatch[] = [];
  const everyone = { ...search, criterion: { kind: 'everyone' } as const };
  for (const accountId of directory.siteMembers(search.site.id)) {
    const match = matchOf(directory, everyone, accountId);
    if (match && matchesUsername(match.entry, match.view, search.site, query)) byUsername.push(match);
  }
  byUsername.sort(compareUserMatches);
  return withoutRepeats(mergeInOrder([byName, byUsername[Symbol.iterator]()]));
}

/** An ordered stream without the repeats of an account (which, being equal, come one after another). */
function* withoutRepeats(matches: Iterator<UserMatch>): Generator<UserMatch> {
  let last: string | null = null;
  for (let next = matches.next(); !next.done; next = matches.next()) {
    if (next.value.entry.account.accountId === last) continue;
    last = next.value.entry.account.accountId;
    yield next.value;
  }
}

/** Ordered streams merged into one ordered stream. */
function* mergeInOrder(streams: Iterator<UserMatch>[]): Generator<UserMatch> {
  const heads = streams.map((stream) => stream.next());
  for (;;) {
    let best = -1;
    for (const [index, head] of heads.entries()) {
      if (head.done) continue;
      const current = heads[best];
      if (best < 0 || (current && !current.done && compareUserMatches(head.value, current.value) < 0))
        best = index;
    }
    const chosen = heads[best];
    if (!chosen || chosen.done) return;
    yield chosen.value;
    heads[best] = streams[best]!.next();
  }
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
export function findSiteUsers(directory: Directory, search: SiteUserSearch): UserMatch[] {
  const end = windowEnd(search);
  const matches = orderedMatches(directory, search);
  const page: UserMatch[] = [];
  for (let position = 0; position < end; position++) {
    const next = matches.next();
    if (next.done) break;
    if (position >= search.startAt) page.push(next.value);
  }
  return page;
}

/** The same page, and how many accounts matched in all (which costs a check per match). */
export function findSiteUsersWithTotal(
  directory: Directory,
  search: SiteUserSearch,
): { users: UserMatch[]; total: number } {
  const end = windowEnd(search);
  const users: UserMatch[] = [];
  let total = 0;
  for (
    let matches = orderedMatches(directory, search), next = matches.next();
    !next.done;
    next = matches.next()
  ) {
    if (total >= search.startAt && total < end) users.push(next.value);
    total++;
  }
  return { users, total };
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
    const entry = directory.heldEntry(accountId);
    return entry?.links.has(site.id) ? [entry] : [];
  });
}
