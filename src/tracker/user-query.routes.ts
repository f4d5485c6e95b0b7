import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import type { ProfileReadCounter } from '../access-log/profile-reads.ts';
import type { Clock } from '../clock/clock.ts';
import type { Database } from '../db/schema.ts';
import type { Directory } from '../directory/directory.ts';
import { legacyIdentityOf } from '../directory/legacy-identity.ts';
import { VeilError } from '../errors/veil-error.ts';
import type { VeilApp } from '../http/server.ts';
import { identityContextOf, legacyRenderingOf } from '../user-api/legacy-request.ts';
import type { LegacyUsageRecorder } from '../user-api/legacy-usage.ts';
import { PageOf } from '../user-api/paging.schemas.ts';
import { pageOf, readPage } from '../user-api/paging.ts';
import { requireSiteAccess } from '../user-api/request-context.ts';
import { renderTrackerUser } from '../user-api/tracker-user.representation.ts';
import { PageBeanUser, trackerErrors } from '../user-api/tracker-user.schemas.ts';
import { parseUserQuery } from './user-query.parse.ts';
import { findUsersByQuery } from './user-query.ts';
import { mayBrowseUsers } from './user-search.scopes.ts';
import { trackerVersions } from './users.routes.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly directory: Directory;
  readonly legacyUsage: LegacyUsageRecorder;
  readonly profileReads: ProfileReadCounter;
}

const pageDefaults = { maxResults: 100, cap: 1000 };

const UserQueryQuery = Type.Object({
  query: Type.Optional(Type.String()),
  startAt: Type.Optional(Type.Integer()),
  maxResults: Type.Optional(Type.Integer()),
  /** The spec names the page size of `/query/key` `maxResult`; both are read. */
  maxResult: Type.Optional(Type.Integer()),
});

/** The spec's `PageBeanUserKey`: accountIds, with `key` only where the legacy mode gives keys. */
const PageBeanUserKey = PageOf(
  Type.Object(
    { accountId: Type.String(), key: Type.Optional(Type.String()) },
    { additionalProperties: false },
  ),
);

type QueryRequest = FastifyRequest<{
  Querystring: { query?: string; startAt?: number; maxResults?: number; maxResult?: number };
}>;

/** Parse, authorize, find: the matches of the query and the page asked for. */
async function runQuery(deps: Deps, request: QueryRequest) {
  const { directory, db } = deps;
  const site = await requireSiteAccess(request, directory);
  const query = parseUserQuery(request.query.query);
  const { caller } = request;
  // "Browse users and groups" for people; an app needs READ (checked with its scopes for every call).
  if (caller.kind === 'anonymous') throw new VeilError('auth.required', 'You are not logged in');
  if (caller.kind === 'person' && !(await mayBrowseUsers(directory, caller, site))) {
    throw new VeilError('auth.forbidden', 'Browse users and groups permission is required');
  }
  const { startAt, maxResults, maxResult } = request.query;
  const page = readPage({ startAt, maxResults: maxResults ?? maxResult }, pageDefaults);
  const matches = await findUsersByQuery({ db, directory, site, caller }, query);
  return { site, page, matches, self: `${site.baseUrl}${request.url}` };
}

/** `GET /user/search/query` and `/user/search/query/key`, v2 and v3. */
export function registerTrackerUserQueryRoutes(app: VeilApp, deps: Deps) {
  for (const version of trackerVersions) {
    const base = `/rest/api/${version}/user/search/query`;
    const tags = [`tracker v${version}`];
    app.get(
      base,
      {
        schema: {
          tags,
          summary: 'Find users by query',
          querystring: UserQueryQuery,
          response: { 200: PageBeanUser, ...trackerErrors },
        },
      },
      async (request) => {
        const { site, page, matches, self } = await runQuery(deps, request);
        const legacy = legacyRenderingOf(identityContextOf(request, deps));
        const { viewer } = request.caller;
        return pageOf(self, matches, page, ({ entry }) =>
          renderTrackerUser(deps, entry, viewer, site, { version, legacy }),
        );
      },
    );
    app.get(
      `${base}/key`,
      {
        schema: {
          tags,
          summary: 'Find user keys by query',
          querystring: UserQueryQuery,
          response: { 200: PageBeanUserKey, ...trackerErrors },
        },
      },
      async (request) => {
        const { site, page, matches, self } = await runQuery(deps, request);
        const { legacy } = identityContextOf(request, deps);
        return pageOf(self, matches, page, ({ entry, view }) => {
          const key = legacy ? legacyIdentityOf(entry, view, site)?.userKey : undefined;
          return { accountId: view.accountId, ...(key ? { key } : {}) };
        });
      },
    );
  }
}
