import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { type Static, type TSchema, Type } from 'typebox';
import type { ProfileReadCounter } from '../access-log/profile-reads.ts';
import { avatarUrl } from '../accounts/avatar-urls.ts';
import type { Clock } from '../clock/clock.ts';
import type { Database } from '../db/schema.ts';
import type { Directory, DirectoryEntry } from '../directory/directory.ts';
import { legacyIdentityOf } from '../directory/legacy-identity.ts';
import { VeilError } from '../errors/veil-error.ts';
import type { VeilApp } from '../http/server.ts';
import type { Site } from '../sites/sites.model.ts';
import { type IdentityContext, identityContextOf, legacyRenderingOf } from '../user-api/legacy-request.ts';
import type { LegacyUsageRecorder } from '../user-api/legacy-usage.ts';
import { readPage } from '../user-api/paging.ts';
import { readMultiValue } from '../user-api/params.ts';
import { requireSiteAccess } from '../user-api/request-context.ts';
import { renderTrackerUser } from '../user-api/tracker-user.representation.ts';
import { TrackerUser, trackerErrors } from '../user-api/tracker-user.schemas.ts';
import { highlightUserHtml } from './user-search.highlight.ts';
import { readPickerExclusions, readSearchCriterion } from './user-search.params.ts';
import {
  AllUsersQuery,
  AssignableSearchQuery,
  FoundUsers,
  MultiProjectSearchQuery,
  PermissionSearchQuery,
  pickerAvatarSizes,
  UserPickerQuery,
  UserSearchQuery,
  ViewIssueSearchQuery,
} from './user-search.schemas.ts';
import {
  hasTrackerAccess,
  holdersOf,
  invalid,
  isAssignable,
  mayBrowseProjects,
  mayBrowseUsers,
  requireAssignableScope,
  requireIssueOrProject,
  requireProject,
} from './user-search.scopes.ts';
import {
  findSiteUsers,
  findSiteUsersWithTotal,
  listSiteAccounts,
  normalizeQuery,
  type UserCriterion,
} from './user-search.ts';
import { trackerVersions } from './users.routes.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly directory: Directory;
  readonly legacyUsage: LegacyUsageRecorder;
  readonly profileReads: ProfileReadCounter;
}

/** Searches answer matches up to this position and no further ("up to the thousandth user"). */
const searchHorizon = 1000;
const pageDefaults = { maxResults: 50, cap: 1000 };

function readAvatarSize(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 16;
  const size = pickerAvatarSizes[raw.toLowerCase()];
  if (size === undefined) {
    throw invalid('avatarSize', 'is not xsmall, small, medium or large', 'avatarSize is not a known size');
  }
  return size;
}

/** What the search routes of one API version share: the contract of a list and the page a search answers. */
function searchRoutesOf(deps: Deps, version: '2' | '3') {
  const { directory } = deps;
  const tags = [`tracker v${version}`];
  const listOf = <Q extends TSchema>(summary: string, querystring: Q) => ({
    schema: { tags, summary, querystring, response: { 200: Type.Array(TrackerUser), ...trackerErrors } },
  });
  /** One page of matches as tracker users for the caller; nothing for a caller without the permission. */
  const searchPage = async (
    request: FastifyRequest,
    search: { criterion: UserCriterion; isEligible?: (entry: DirectoryEntry) => boolean; permitted: boolean },
  ) => {
    const site = request.site!;
    const { viewer } = request.caller;
    const page = readPage(request.query as { startAt?: number; maxResults?: number }, pageDefaults);
    if (!search.permitted) return [];
    const users = await findSiteUsers(directory, {
      site,
      viewer,
      ...search,
      ...page,
      horizon: searchHorizon,
    });
    const legacy = legacyRenderingOf(identityContextOf(request, deps));
    return users.map((match) => renderTrackerUser(deps, match.entry, viewer, site, { version, legacy }));
  };
  return { base: `/rest/api/${version}`, tags, version, listOf, searchPage };
}

type SearchRoutes = ReturnType<typeof searchRoutesOf>;

/** `GET /user/search` and the other user searches of the tracker, v2 and v3. */
export function registerTrackerUserSearchRoutes(app: VeilApp, deps: Deps) {
  for (const version of trackerVersions) {
    const routes = searchRoutesOf(deps, version);
    registerUserSearch(app, deps, routes);
    registerAssignableSearches(app, deps, routes);
    registerViewIssueSearch(app, deps, routes);
    registerPermissionSearch(app, deps, routes);
    registerPicker(app, deps, routes);
    registerAllUsers(app, deps, routes);
  }
}

/** `GET /user/search`. */
function registerUserSearch(app: VeilApp, deps: Deps, { base, listOf, searchPage }: SearchRoutes) {
  const { directory } = deps;
  app.get(`${base}/user/search`, listOf('Find users', UserSearchQuery), async (request) => {
    const site = await requireSiteAccess(request, directory);
    const identity = identityContextOf(request, deps);
    if (request.query.property !== undefined) {
      throw invalid('property', 'is not supported', 'Veil keeps no user properties to search by');
    }
    const criterion = readSearchCriterion(identity, request.query, true);
    // Anonymous calls and callers without "Browse users and groups" get empty results.
    return searchPage(request, {
      criterion,
      permitted: await mayBrowseUsers(directory, request.caller, site),
    });
  });
}

/** `GET /user/assignable/search` and `/user/assignable/multiProjectSearch`. */
function registerAssignableSearches(app: VeilApp, deps: Deps, { base, listOf, searchPage }: SearchRoutes) {
  const { directory } = deps;
  app.get(
    `${base}/user/assignable/search`,
    listOf('Find users assignable to issues', AssignableSearchQuery),
    async (request) => {
      const site = await requireSiteAccess(request, directory);
      const criterion = readSearchCriterion(identityContextOf(request, deps), request.query, false);
      await requireAssignableScope(deps.db, site, request.query);
      const permitted = await mayBrowseProjects(directory, request.caller, site);
      return searchPage(request, { criterion, isEligible: isAssignable(site), permitted });
    },
  );

  app.get(
    `${base}/user/assignable/multiProjectSearch`,
    listOf('Find users assignable to projects', MultiProjectSearchQuery),
    async (request) => {
      const site = await requireSiteAccess(request, directory);
      const criterion = readSearchCriterion(identityContextOf(request, deps), request.query, false);
      const keys = readMultiValue(request.query.projectKeys, 'projectKeys');
      if (keys.length === 0) {
        throw invalid('projectKeys', 'is required', 'The projectKeys parameter needs to be provided');
      }
      for (const key of keys) requireProject(site, key, 'projectKeys');
      const permitted = await mayBrowseProjects(directory, request.caller, site);
      return searchPage(request, { criterion, isEligible: isAssignable(site), permitted });
    },
  );
}

/** `GET /user/viewissue/search`. */
function registerViewIssueSearch(app: VeilApp, deps: Deps, { base, listOf, searchPage }: SearchRoutes) {
  const { directory } = deps;
  app.get(
    `${base}/user/viewissue/search`,
    listOf('Find users with browse permission', ViewIssueSearchQuery),
    async (request) => {
      const site = await requireSiteAccess(request, directory);
      await requireIssueOrProject(deps.db, site, request.query, true);
      // The spec and the clients: without query or accountId, a 400 (not every browser of the project).
      const criterion = readSearchCriterion(identityContextOf(request, deps), request.query, true);
      const permitted = await mayBrowseUsers(directory, request.caller, site);
      return searchPage(request, { criterion, isEligible: hasTrackerAccess(site), permitted });
    },
  );
}

/** `GET /user/permission/search`. */
function registerPermissionSearch(app: VeilApp, deps: Deps, { base, listOf, searchPage }: SearchRoutes) {
  const { directory } = deps;
  app.get(
    `${base}/user/permission/search`,
    listOf('Find users with permissions', PermissionSearchQuery),
    async (request) => {
      const site = await requireSiteAccess(request, directory);
      const criterion = readSearchCriterion(identityContextOf(request, deps), request.query, false);
      const isEligible = holdersOf(site, request.query.permissions);
      await requireIssueOrProject(deps.db, site, request.query, false);
      const permitted = await mayBrowseUsers(directory, request.caller, site);
      return searchPage(request, { criterion, isEligible, permitted });
    },
  );
}

/** `GET /user/picker`. */
function registerPicker(app: VeilApp, deps: Deps, { base, tags }: SearchRoutes) {
  const { directory } = deps;
  app.get(
    `${base}/user/picker`,
    {
      schema: {
        tags,
        summary: 'Find users for picker',
        querystring: UserPickerQuery,
        response: { 200: FoundUsers, ...trackerErrors },
      },
    },
    async (request) => {
      const site = await requireSiteAccess(request, directory);
      return findPickerUsers(directory, request, site, identityContextOf(request, deps));
    },
  );
}

/** `GET /users/search` and `GET /users`: every account of the site, for callers who may browse users. */
function registerAllUsers(app: VeilApp, deps: Deps, routes: SearchRoutes) {
  registerAllUsersAt(app, deps, routes, '/users/search', 'Get all users');
  registerAllUsersAt(app, deps, routes, '/users', 'Get all users default');
}

function registerAllUsersAt(
  app: VeilApp,
  deps: Deps,
  { base, listOf, version }: SearchRoutes,
  path: string,
  summary: string,
) {
  const { directory } = deps;
  app.get(`${base}${path}`, listOf(summary, AllUsersQuery), async (request) => {
    const site = await requireSiteAccess(request, directory);
    const page = readPage(request.query, pageDefaults);
    if (!(await mayBrowseUsers(directory, request.caller, site))) {
      throw new VeilError('auth.forbidden', 'Browse users and groups permission is required');
    }
    const { viewer } = request.caller;
    const legacy = legacyRenderingOf(identityContextOf(request, deps));
    return (await listSiteAccounts(directory, site, page)).map((entry) =>
      renderTrackerUser(deps, entry, viewer, site, { version, legacy }),
    );
  });
}

/** The picker's answer: matches with `html` built from the caller's view only. */
async function findPickerUsers(
  directory: Directory,
  request: FastifyRequest<{ Querystring: Static<typeof UserPickerQuery> }>,
  site: Site,
  identity: IdentityContext,
): Promise<Static<typeof FoundUsers>> {
  const { query } = request;
  const { viewer } = request.caller;
  const excludedAccountIds = await readPickerExclusions(directory, site, viewer, identity, query);
  if (query.query === undefined)
    throw invalid('query', 'is required', 'The query parameter needs to be provided');
  const text = normalizeQuery(query.query);
  const size = readAvatarSize(query.avatarSize);
  const { maxResults } = readPage(query, pageDefaults);
  // Callers without "Browse users and groups" find people by their exact name only; the legacy
  // picker also matched usernames.
  const exact = !(await mayBrowseUsers(directory, request.caller, site));
  const kind = exact ? 'exact-name' : identity.legacy ? 'legacy-prefix' : 'prefix';
  // A blank query (`query=`) lists everyone the caller may browse; an exact-name search finds nobody.
  const criterion: UserCriterion = text === '' && !exact ? { kind: 'everyone' } : { kind, query: text };
  const { users, total } = await findSiteUsersWithTotal(directory, {
    site,
    viewer,
    criterion,
    excludedAccountIds,
    isEligible: query.excludeConnectUsers ? (entry) => entry.account.accountType !== 'app' : undefined,
    startAt: 0,
    maxResults,
    horizon: searchHorizon,
  });
  return {
    header: `Showing ${users.length} of ${total} matching users`,
    total,
    users: users.map(({ entry, view }) => {
      const legacy = identity.legacy ? legacyIdentityOf(entry, view, site) : null;
      return {
        accountId: view.accountId,
        accountType: view.accountType,
        ...(query.showAvatar ? { avatarUrl: avatarUrl(site.baseUrl, view.avatar, size) } : {}),
        displayName: view.displayName,
        html: highlightUserHtml(view.displayName, view.email, text, legacy?.username ?? null),
        ...(legacy?.userKey ? { key: legacy.userKey } : {}),
        ...(legacy?.username ? { name: legacy.username } : {}),
      };
    }),
  };
}
