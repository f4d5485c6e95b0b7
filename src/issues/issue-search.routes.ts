/**
 * `GET/POST /rest/api/3/search/jql` (nextPageToken paging, ids by default) and `GET/POST
 * /rest/api/{2,3}/search` (startAt paging with a total): JQL over the site's issues, for callers who may
 * browse them, each issue in the tracker's representation for the caller.
 */
import type { FastifyRequest } from 'fastify';
import type { VeilApp } from '../http/server.ts';
import { identityContextOf } from '../user-api/legacy-request.ts';
import { trackerErrors } from '../user-api/tracker-user.schemas.ts';
import { type Deps, issueVersions, readSiteRequest, type Version } from './issue-request.ts';
import {
  asksIdsOnly,
  pageTokenOf,
  readPageToken,
  readSearchRendering,
  renderSearchIssues,
} from './issue-search.representation.ts';
import {
  JqlSearchBody,
  JqlSearchQuery,
  JqlSearchResults,
  StartAtSearchBody,
  StartAtSearchQuery,
  StartAtSearchResults,
} from './issue-search.schemas.ts';
import { type Searcher, searchIssues } from './issue-search.service.ts';

export type { Deps } from './issue-request.ts';

/** The search parameters, from the query string (GET) or the body (POST). */
interface SearchInput {
  jql?: string | undefined;
  maxResults?: number | undefined;
  fields?: string | string[] | undefined;
  expand?: string | string[] | undefined;
  nextPageToken?: string | undefined;
  startAt?: number | undefined;
}

/** Largest page: 100 issues, or 5000 when only ids and keys are asked for (`search/jql`). */
const maxPage = 100;
const maxIdPage = 5000;

export function registerIssueSearchRoutes(app: VeilApp, deps: Deps) {
  for (const method of ['GET', 'POST'] as const) {
    registerJqlSearch(app, deps, method);
    for (const version of issueVersions) registerStartAtSearch(app, deps, method, version);
  }
}

async function searcherOf(request: FastifyRequest, deps: Deps, version: Version) {
  const { site, audience, actorId } = await readSiteRequest(request, deps, version, 'browse');
  const identity = identityContextOf(request, deps);
  const searcher: Searcher = {
    site,
    viewer: request.caller.viewer,
    actorId,
    legacy: identity.legacy,
    now: deps.clock.now(),
    noteLegacyUse: () => identity.noteLegacyUse(false),
  };
  return { searcher, audience, actorId };
}

function registerJqlSearch(app: VeilApp, deps: Deps, method: 'GET' | 'POST') {
  const input = method === 'GET' ? { querystring: JqlSearchQuery } : { body: JqlSearchBody };
  app.route({
    method,
    url: '/rest/api/3/search/jql',
    // One query a call, bounded in size: the request budget applies, not the JQL routes' batch budget.
    config: { readOnly: true },
    schema: {
      tags: ['tracker v3'],
      summary: 'Search for issues using JQL (nextPageToken paging)',
      ...input,
      response: { 200: JqlSearchResults, ...trackerErrors },
    },
    handler: async (request) => {
      const params = (method === 'GET' ? request.query : request.body) as SearchInput;
      const { searcher, audience, actorId } = await searcherOf(request, deps, '3');
      const rendering = readSearchRendering(params, 'id');
      const cap = asksIdsOnly(rendering) ? maxIdPage : maxPage;
      const maxResults = Math.max(1, Math.min(params.maxResults ?? 50, cap));
      const startAt = readPageToken(params.nextPageToken);
      const page = await searchIssues(deps, searcher, params.jql ?? '', {
        startAt,
        maxResults,
        count: false,
      });
      const issues = await renderSearchIssues(deps.db, audience, actorId, page.issues, rendering);
      const next = page.hasMore ? { nextPageToken: pageTokenOf(startAt + page.issues.length) } : {};
      return { issues, ...next, isLast: !page.hasMore };
    },
  });
}

function registerStartAtSearch(app: VeilApp, deps: Deps, method: 'GET' | 'POST', version: Version) {
  const input = method === 'GET' ? { querystring: StartAtSearchQuery } : { body: StartAtSearchBody };
  app.route({
    method,
    url: `/rest/api/${version}/search`,
    // One query a call, bounded in size: the request budget applies, not the JQL routes' batch budget.
    config: { readOnly: true },
    schema: {
      tags: [`tracker v${version}`],
      summary: 'Search for issues using JQL (startAt paging, with a total)',
      ...input,
      response: { 200: StartAtSearchResults, ...trackerErrors },
    },
    handler: async (request) => {
      const params = (method === 'GET' ? request.query : request.body) as SearchInput;
      const { searcher, audience, actorId } = await searcherOf(request, deps, version);
      const rendering = readSearchRendering(params, '*navigable');
      const maxResults = Math.max(0, Math.min(params.maxResults ?? 50, maxPage));
      const startAt = params.startAt ?? 0;
      const page = await searchIssues(deps, searcher, params.jql ?? '', { startAt, maxResults, count: true });
      const issues = await renderSearchIssues(deps.db, audience, actorId, page.issues, rendering);
      return { expand: 'schema,names', startAt, maxResults, total: page.total ?? 0, issues };
    },
  });
}
