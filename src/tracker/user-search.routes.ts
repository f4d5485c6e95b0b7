import type { FastifyRequest } from 'fastify';
import { type Static, type TSchema, Type } from 'typebox';
import { avatarUrl } from '../avatars/avatars.ts';
import type { Directory, DirectoryEntry } from '../directory/directory.ts';
import { VeilError } from '../errors/veil-error.ts';
import type { Caller } from '../http/caller.ts';
import type { Dependencies, VeilApp } from '../http/server.ts';
import { legacyIdentityOf } from '../migration/legacy-identity.ts';
import { type IdentityContext, identityContextOf, legacyRenderingOf } from '../migration/legacy-request.ts';
import type { Project, Site } from '../sites/sites.model.ts';
import { readPage } from '../user-api/paging.ts';
import { requireSiteAccess } from './tracker.context.ts';
import { readMultiValue } from './tracker.params.ts';
import { readPickerExclusions, readSearchCriterion } from './user-search.params.ts';
import {
  AllUsersQuery,
  AssignableSearchQuery,
  adminPermissions,
  FoundUsers,
  knownPermissions,
  MultiProjectSearchQuery,
  PermissionSearchQuery,
  pickerAvatarSizes,
  UserPickerQuery,
  UserSearchQuery,
  ViewIssueSearchQuery,
} from './user-search.schemas.ts';
import {
  findSiteUsers,
  findSiteUsersWithTotal,
  highlightUserHtml,
  listSiteAccounts,
  normalizeQuery,
  type UserCriterion,
} from './user-search.ts';
import { renderTrackerUser } from './users.representation.ts';
import { trackerVersions } from './users.routes.ts';
import { TrackerUser, trackerErrors } from './users.schemas.ts';

/** Searches answer matches up to this position and no further ("up to the thousandth user"). */
const searchHorizon = 1000;
const pageDefaults = { maxResults: 50, cap: 1000 };

function invalid(path: string, message: string, summary: string): VeilError {
  return new VeilError('request.invalid', summary, [{ path, message }]);
}

function siteProductsOf(directory: Directory, caller: Caller, site: Site): readonly string[] {
  if (caller.kind !== 'person') return [];
  return directory.entry(caller.account.accountId)?.links.get(site.id)?.products ?? [];
}

/** "Browse users and groups": people with any product on the site (and platform admins); not customers. */
function mayBrowseUsers(directory: Directory, caller: Caller, site: Site): boolean {
  if (caller.kind !== 'person') return false;
  return caller.isPlatformAdmin || siteProductsOf(directory, caller, site).length > 0;
}

/** "Browse projects": tracker users, and anyone where the site lets anonymous callers in. */
function mayBrowseProjects(directory: Directory, caller: Caller, site: Site): boolean {
  if (caller.kind !== 'person') return site.anonymousAccess;
  return caller.isPlatformAdmin || siteProductsOf(directory, caller, site).includes('jira');
}

const hasTrackerAccess = (site: Site) => (entry: DirectoryEntry) =>
  entry.links.get(site.id)?.products.includes('jira') ?? false;

/** People with tracker access; apps and customers are never assignable. */
const isAssignable = (site: Site) => {
  const tracker = hasTrackerAccess(site);
  return (entry: DirectoryEntry) => entry.account.accountType === 'atlassian' && tracker(entry);
};

function requireProject(site: Site, key: string, parameter: string): Project {
  const project = site.projects.find((p) => p.key === key);
  if (!project) {
    throw new VeilError('project.not_found', `No project could be found with key '${key}'.`, [
      { path: parameter, message: 'is not a project of this site' },
    ]);
  }
  return project;
}

const issueNotFound = () =>
  new VeilError('issue.not_found', 'Issue does not exist or you do not have permission to see it.');

/** The project of an issue key (`ACME-1` → ACME): issues are not stored, so the key's prefix decides. */
function requireIssueProject(site: Site, issueKey: string): Project {
  const projectKey = /^([A-Z][A-Z0-9_]*)-[1-9][0-9]*$/.exec(issueKey)?.[1];
  const project = projectKey === undefined ? undefined : site.projects.find((p) => p.key === projectKey);
  if (!project) throw issueNotFound();
  return project;
}

/** The project an assignable search is about: `project`, `issueKey` or `issueId`, one required. */
function requireAssignableScope(
  site: Site,
  query: { project?: string; issueKey?: string; issueId?: string },
): void {
  if (query.project !== undefined) requireProject(site, query.project, 'project');
  else if (query.issueKey !== undefined) requireIssueProject(site, query.issueKey);
  else if (query.issueId !== undefined) {
    if (!/^[0-9]+$/.test(query.issueId))
      throw invalid('issueId', 'is not an issue id', 'issueId is not valid');
    throw issueNotFound();
  } else {
    throw invalid('project', 'is required', 'One of the project, issueKey or issueId parameters is required');
  }
}

/** `issueKey` or `projectKey`, resolved when given; `required` makes one of them mandatory. */
function requireIssueOrProject(
  site: Site,
  query: { issueKey?: string; projectKey?: string },
  required: boolean,
) {
  if (query.issueKey !== undefined) requireIssueProject(site, query.issueKey);
  else if (query.projectKey !== undefined) requireProject(site, query.projectKey, 'projectKey');
  else if (required) {
    throw invalid('issueKey', 'is required', 'One of the issueKey or projectKey parameters is required');
  }
}

/** The accounts that hold every permission listed, or a 400 naming the permissions Veil does not know. */
function holdersOf(site: Site, raw: string | undefined): (entry: DirectoryEntry) => boolean {
  const permissions = readMultiValue(raw, 'permissions');
  if (permissions.length === 0) {
    throw invalid('permissions', 'is required', 'The permissions parameter needs to be provided');
  }
  const unknown = permissions.filter((p) => !knownPermissions.has(p));
  if (unknown.length > 0) {
    throw invalid(
      'permissions',
      `unknown: ${unknown.join(', ')}`,
      `Unknown permissions: ${unknown.join(', ')}`,
    );
  }
  const tracker = hasTrackerAccess(site);
  const needsAdmin = permissions.some((p) => adminPermissions.has(p));
  return (entry) =>
    tracker(entry) && (!needsAdmin || entry.platformAdmin || entry.administeredSiteIds.includes(site.id));
}

function readAvatarSize(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 16;
  const size = pickerAvatarSizes[raw.toLowerCase()];
  if (size === undefined) {
    throw invalid('avatarSize', 'is not xsmall, small, medium or large', 'avatarSize is not a known size');
  }
  return size;
}

/** `GET /user/search` and the other user searches of the tracker, v2 and v3. */
export function registerTrackerUserSearchRoutes(app: VeilApp, deps: Dependencies) {
  const { directory } = deps;
  /** One page of matches as tracker users for the caller; nothing for a caller without the permission. */
  const searchPage = (
    request: FastifyRequest,
    version: '2' | '3',
    search: { criterion: UserCriterion; isEligible?: (entry: DirectoryEntry) => boolean; permitted: boolean },
  ) => {
    const site = request.site!;
    const { viewer } = request.caller;
    const page = readPage(request.query as { startAt?: number; maxResults?: number }, pageDefaults);
    if (!search.permitted) return [];
    const users = findSiteUsers(directory, { site, viewer, ...search, ...page, horizon: searchHorizon });
    const legacy = legacyRenderingOf(identityContextOf(request, deps));
    return users.map((match) => renderTrackerUser(deps, match.entry, viewer, site, { version, legacy }));
  };

  for (const version of trackerVersions) {
    const tags = [`tracker v${version}`];
    const base = `/rest/api/${version}`;
    const listOf = <Q extends TSchema>(summary: string, querystring: Q) => ({
      schema: { tags, summary, querystring, response: { 200: Type.Array(TrackerUser), ...trackerErrors } },
    });

    app.get(`${base}/user/search`, listOf('Find users', UserSearchQuery), async (request) => {
      const site = requireSiteAccess(request, directory);
      const identity = identityContextOf(request, deps);
      if (request.query.property !== undefined) {
        throw invalid('property', 'is not supported', 'Veil keeps no user properties to search by');
      }
      const criterion = readSearchCriterion(identity, request.query, true);
      // Anonymous calls and callers without "Browse users and groups" get empty results.
      return searchPage(request, version, {
        criterion,
        permitted: mayBrowseUsers(directory, request.caller, site),
      });
    });

    app.get(
      `${base}/user/assignable/search`,
      listOf('Find users assignable to issues', AssignableSearchQuery),
      async (request) => {
        const site = requireSiteAccess(request, directory);
        const criterion = readSearchCriterion(identityContextOf(request, deps), request.query, false);
        requireAssignableScope(site, request.query);
        const permitted = mayBrowseProjects(directory, request.caller, site);
        return searchPage(request, version, { criterion, isEligible: isAssignable(site), permitted });
      },
    );

    app.get(
      `${base}/user/assignable/multiProjectSearch`,
      listOf('Find users assignable to projects', MultiProjectSearchQuery),
      async (request) => {
        const site = requireSiteAccess(request, directory);
        const criterion = readSearchCriterion(identityContextOf(request, deps), request.query, false);
        const keys = readMultiValue(request.query.projectKeys, 'projectKeys');
        if (keys.length === 0) {
          throw invalid('projectKeys', 'is required', 'The projectKeys parameter needs to be provided');
        }
        for (const key of keys) requireProject(site, key, 'projectKeys');
        const permitted = mayBrowseProjects(directory, request.caller, site);
        return searchPage(request, version, { criterion, isEligible: isAssignable(site), permitted });
      },
    );

    app.get(
      `${base}/user/viewissue/search`,
      listOf('Find users with browse permission', ViewIssueSearchQuery),
      async (request) => {
        const site = requireSiteAccess(request, directory);
        const criterion = readSearchCriterion(identityContextOf(request, deps), request.query, false);
        requireIssueOrProject(site, request.query, true);
        const permitted = mayBrowseUsers(directory, request.caller, site);
        return searchPage(request, version, { criterion, isEligible: hasTrackerAccess(site), permitted });
      },
    );

    app.get(
      `${base}/user/permission/search`,
      listOf('Find users with permissions', PermissionSearchQuery),
      async (request) => {
        const site = requireSiteAccess(request, directory);
        const criterion = readSearchCriterion(identityContextOf(request, deps), request.query, false);
        const isEligible = holdersOf(site, request.query.permissions);
        requireIssueOrProject(site, request.query, false);
        const permitted = mayBrowseUsers(directory, request.caller, site);
        return searchPage(request, version, { criterion, isEligible, permitted });
      },
    );

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
        const site = requireSiteAccess(request, directory);
        return findPickerUsers(directory, request, site, identityContextOf(request, deps));
      },
    );

    app.get(`${base}/users/search`, listOf('Get all users', AllUsersQuery), async (request) => {
      const site = requireSiteAccess(request, directory);
      const page = readPage(request.query, pageDefaults);
      if (!mayBrowseUsers(directory, request.caller, site)) {
        throw new VeilError('auth.forbidden', 'Browse users and groups permission is required');
      }
      const { viewer } = request.caller;
      const legacy = legacyRenderingOf(identityContextOf(request, deps));
      return listSiteAccounts(directory, site, page).map((entry) =>
        renderTrackerUser(deps, entry, viewer, site, { version, legacy }),
      );
    });
  }
}

/** The picker's answer: matches with `html` built from the caller's view only. */
function findPickerUsers(
  directory: Directory,
  request: FastifyRequest<{ Querystring: Static<typeof UserPickerQuery> }>,
  site: Site,
  identity: IdentityContext,
): Static<typeof FoundUsers> {
  const { query } = request;
  const { viewer } = request.caller;
  const excludedAccountIds = readPickerExclusions(directory, site, viewer, identity, query);
  const text = normalizeQuery(query.query ?? '');
  if (text === '') throw invalid('query', 'is required', 'The query parameter needs to be provided');
  const size = readAvatarSize(query.avatarSize);
  const { maxResults } = readPage(query, pageDefaults);
  // Callers without "Browse users and groups" find people by their exact name only; the legacy
  // picker also matched usernames.
  const exact = !mayBrowseUsers(directory, request.caller, site);
  const kind = exact ? 'exact-name' : identity.legacy ? 'legacy-prefix' : 'prefix';
  const { users, total } = findSiteUsersWithTotal(directory, {
    site,
    viewer,
    criterion: { kind, query: text },
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
