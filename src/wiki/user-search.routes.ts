/**
 * The wiki's people search, `GET /wiki/rest/api/search/user?cql=…`: the directory's search of the site's
 * people (which matches only the words of the caller's view, never a hidden field), each found person the
 * wiki's user object for the caller, in the spec's `SearchPageResponseSearchResult`.
 */
import { Type } from 'typebox';
import type { DirectoryEntry } from '../directory/directory.ts';
import { foldText } from '../directory/search-terms.ts';
import { VeilError } from '../errors/veil-error.ts';
import type { VeilApp } from '../http/server.ts';
import { findSiteUsersWithTotal, normalizeQuery, type UserMatch } from '../tracker/user-search.ts';
import { ListParameter } from '../user-api/params.ts';
import { renderWikiUser, wikiLinks } from '../user-api/wiki-user.representation.ts';
import { WikiLinks, WikiUser, wikiErrors } from '../user-api/wiki-user.schemas.ts';
import type { ProfileView } from '../visibility/visibility.ts';
import { CqlProblem, type PeopleCriterion, readPeopleCql } from './user-search.cql.ts';
import { pathUnderWiki } from './wiki.context.ts';
import { type Deps, readWikiRequest, type WikiRequest } from './wiki-request.ts';

export type { Deps } from './wiki-request.ts';

const SearchQuery = Type.Object({
  cql: Type.String({ maxLength: 5000 }),
  start: Type.Integer({ minimum: 0, maximum: 10000, default: 0 }),
  limit: Type.Integer({ minimum: 0, maximum: 1000, default: 25 }),
  expand: ListParameter,
  sitePermissionTypeFilter: Type.Optional(Type.String({ maxLength: 50 })),
});

const UserResult = Type.Object({
  user: WikiUser,
  title: Type.String(),
  excerpt: Type.String(),
  url: Type.String(),
  breadcrumbs: Type.Array(Type.Unknown()),
  entityType: Type.Literal('user'),
  iconCssClass: Type.String(),
  lastModified: Type.String(),
  score: Type.Number(),
});

const SearchResponse = Type.Object({
  results: Type.Array(UserResult),
  start: Type.Integer(),
  limit: Type.Integer(),
  size: Type.Integer(),
  totalSize: Type.Integer(),
  cqlQuery: Type.String(),
  searchDuration: Type.Integer(),
  _links: WikiLinks,
});

/** The CQL's criterion, or the wiki's 400 naming what it cannot answer. */
function readCriterion(cql: string): PeopleCriterion {
  try {
    return readPeopleCql(cql);
  } catch (error) {
    if (error instanceof CqlProblem)
      throw new VeilError('cql.unsupported', error.message, [{ path: 'cql', message: error.message }]);
    throw error;
  }
}

/** Whether one of the names the viewer sees has a word (or is a whole) starting with the folded words. */
function nameMatches(view: ProfileView, words: string): boolean {
  return [view.displayName, view.publicName].some((name) => {
    const folded = foldText(name);
    return folded.startsWith(words) || folded.split(/\s+/).some((word) => word.startsWith(words));
  });
}

/** The site's people the criterion finds, as the viewer sees them (a page of them). */
async function findPeople(
  deps: Deps,
  wiki: WikiRequest,
  criterion: PeopleCriterion,
  page: { start: number; limit: number },
) {
  const { site, viewer } = wiki.audience;
  const words = criterion.kind === 'fullname' ? normalizeQuery(criterion.words) : '';
  if (criterion.kind === 'fullname' && words === '')
    throw new VeilError('cql.unsupported', 'Unsupported CQL: user.fullname ~ needs a name', []);
  const named = (entry: DirectoryEntry) => nameMatches(deps.directory.viewOf(entry, viewer, site.id), words);
  return findSiteUsersWithTotal(deps.directory, {
    site,
    viewer,
    criterion: criterion.kind === 'account' ? criterion : { kind: 'prefix', query: words },
    ...(criterion.kind === 'fullname' ? { isEligible: named } : {}),
    startAt: page.start,
    maxResults: page.limit,
  });
}

function renderResult(deps: Deps, wiki: WikiRequest, { entry, view }: UserMatch, now: string) {
  const { site, viewer } = wiki.audience;
  return {
    user: renderWikiUser(deps, entry, viewer, site, new Set(), wiki.identity.legacy),
    title: view.displayName,
    excerpt: '',
    url: `/people/${encodeURIComponent(view.accountId)}`,
    breadcrumbs: [],
    entityType: 'user' as const,
    iconCssClass: 'aui-icon content-type-profile',
    lastModified: now,
    score: 0,
  };
}

/** `GET /wiki/rest/api/search/user`. */
export function registerWikiUserSearchRoutes(app: VeilApp, deps: Deps) {
  app.get(
    '/wiki/rest/api/search/user',
    {
      schema: {
        tags: ['wiki v1'],
        summary: 'Search users',
        querystring: SearchQuery,
        response: { 200: SearchResponse, ...wikiErrors },
      },
    },
    async (request) => {
      const wiki = await readWikiRequest(request, deps, 'read');
      const { cql, start, limit } = request.query;
      const { users, total } = await findPeople(deps, wiki, readCriterion(cql), { start, limit });
      const now = deps.clock.now().toISOString();
      const results = users.map((match) => renderResult(deps, wiki, match, now));
      const size = results.length;
      const links = wikiLinks(wiki.site, pathUnderWiki(request));
      return {
        results,
        start,
        limit,
        size,
        totalSize: total,
        cqlQuery: cql,
        searchDuration: 0,
        _links: links,
      };
    },
  );
}
