import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { ProfileReadCounter } from '../access-log/profile-reads.ts';
import type { Clock } from '../clock/clock.ts';
import type { Directory, DirectoryEntry } from '../directory/directory.ts';
import { VeilError } from '../errors/veil-error.ts';
import type { VeilApp } from '../http/server.ts';
import type { Site } from '../sites/sites.model.ts';
import {
  checkLegacyParameters,
  findByLegacyIdentifier,
  type IdentityContext,
  identityContextOf,
  legacyRenderingOf,
  type NamedUser,
  requireUserNamedInQuery,
} from '../user-api/legacy-request.ts';
import type { LegacyUsageRecorder } from '../user-api/legacy-usage.ts';
import { pageOf, readPage } from '../user-api/paging.ts';
import { accountIdRequired, ListParameter, readExpand, readMultiValue } from '../user-api/params.ts';
import { requireSiteAccess } from '../user-api/request-context.ts';
import { renderTrackerUser } from '../user-api/tracker-user.representation.ts';
import { GroupName, PageBeanUser, TrackerUser, trackerErrors } from '../user-api/tracker-user.schemas.ts';
import type { Viewer } from '../visibility/visibility.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps {
  readonly clock: Clock;
  readonly directory: Directory;
  readonly legacyUsage: LegacyUsageRecorder;
  readonly profileReads: ProfileReadCounter;
}

export const trackerVersions = ['2', '3'] as const;
type Version = (typeof trackerVersions)[number];

function requestUrl(request: FastifyRequest, baseUrl: string): string {
  return `${baseUrl}${request.url}`;
}

const userQuery = Type.Object({
  accountId: Type.Optional(Type.String()),
  username: Type.Optional(Type.String()),
  key: Type.Optional(Type.String()),
  expand: ListParameter,
});

/** `GET /user`, `/user/bulk`, `/myself` and `/user/groups` of the tracker, v2 and v3. */
export function registerTrackerUserRoutes(app: VeilApp, deps: Deps) {
  for (const version of trackerVersions) {
    registerGetUser(app, deps, version);
    registerBulkUsers(app, deps, version);
    registerMyself(app, deps, version);
    registerUserGroups(app, deps, version);
  }
}

/** `GET /user`: one user, named by accountId (or, in legacy mode, username or key). */
function registerGetUser(app: VeilApp, deps: Deps, version: Version) {
  const { directory } = deps;
  const tags = [`tracker v${version}`];
  app.get(
    `/rest/api/${version}/user`,
    {
      schema: {
        tags,
        summary: 'Get user',
        querystring: userQuery,
        response: { 200: TrackerUser, ...trackerErrors },
      },
    },
    async (request) => {
      const site = await requireSiteAccess(request, directory);
      const { viewer } = request.caller;
      const { entry, kind, identity } = await requireUserNamedInQuery(request, deps, site);
      return renderTrackerUser(deps, entry, viewer, site, {
        version,
        expand: readExpand(request.query.expand),
        legacy: legacyRenderingOf(identity, kind),
      });
    },
  );
}

/** `GET /user/bulk`: a page of the users named. */
function registerBulkUsers(app: VeilApp, deps: Deps, version: Version) {
  const { directory } = deps;
  const tags = [`tracker v${version}`];
  app.get(
    `/rest/api/${version}/user/bulk`,
    {
      schema: {
        tags,
        summary: 'Bulk get users',
        querystring: Type.Object({
          accountId: ListParameter,
          username: ListParameter,
          key: ListParameter,
          startAt: Type.Optional(Type.Integer()),
          maxResults: Type.Optional(Type.Integer()),
        }),
        response: { 200: PageBeanUser, ...trackerErrors },
      },
    },
    async (request) => {
      const site = await requireSiteAccess(request, directory);
      const identity = identityContextOf(request, deps);
      const named = readBulkUsers(identity, request.query);
      if (named.length === 0) throw accountIdRequired();
      const page = readPage(request.query, { maxResults: 10, cap: 200 });
      const { viewer } = request.caller;
      const found = await findNamedUsers(directory, site, viewer, named);
      return pageOf(requestUrl(request, site.baseUrl), found, page, ({ entry, kind }) =>
        renderTrackerUser(deps, entry, viewer, site, {
          version,
          legacy: legacyRenderingOf(identity, kind),
        }),
      );
    },
  );
}

/** `GET /myself`: the signed-in person, or the calling app's own user. */
function registerMyself(app: VeilApp, deps: Deps, version: Version) {
  const { directory } = deps;
  const tags = [`tracker v${version}`];
  app.get(
    `/rest/api/${version}/myself`,
    {
      schema: {
        tags,
        summary: 'Get current user',
        querystring: Type.Object({ expand: ListParameter }),
        response: { 200: TrackerUser, ...trackerErrors },
      },
    },
    async (request) => {
      const site = await requireSiteAccess(request, directory);
      const caller = request.caller;
      // A person is themself; a Connect app signed in with its JWT is its own app user (`accountType: app`).
      if (caller.kind === 'anonymous') throw new VeilError('auth.required', 'You are not logged in');
      const entry = await directory.entry(caller.account.accountId);
      if (!entry) throw new VeilError('auth.required', 'You are not logged in');
      return renderTrackerUser(deps, entry, caller.viewer, site, {
        version,
        expand: readExpand(request.query.expand),
        legacy: legacyRenderingOf(identityContextOf(request, deps)),
      });
    },
  );
}

/** `GET /user/groups`: the groups of a user on the site. */
function registerUserGroups(app: VeilApp, deps: Deps, version: Version) {
  const { directory } = deps;
  const tags = [`tracker v${version}`];
  app.get(
    `/rest/api/${version}/user/groups`,
    {
      schema: {
        tags,
        summary: 'Get user groups',
        querystring: userQuery,
        response: { 200: Type.Array(GroupName), ...trackerErrors },
      },
    },
    async (request) => {
      const site = await requireSiteAccess(request, directory);
      const { entry } = await requireUserNamedInQuery(request, deps, site);
      return (entry.links.get(site.id)?.groups ?? []).map((g) => ({
        name: g.name,
        groupId: g.groupId,
        self: `${site.baseUrl}/rest/api/${version}/group?groupId=${g.groupId}`,
      }));
    },
  );
}

/** The users a bulk call names: accountIds, then (legacy mode only) usernames and keys, as given. */
function readBulkUsers(
  identity: IdentityContext,
  query: { accountId?: string[]; username?: string[]; key?: string[] },
): NamedUser[] {
  const usernames = readMultiValue(query.username, 'username');
  const keys = readMultiValue(query.key, 'key');
  checkLegacyParameters(identity, { username: usernames, key: keys });
  return [
    ...readMultiValue(query.accountId, 'accountId').map((value) => ({ kind: 'accountId' as const, value })),
    ...usernames.map((value) => ({ kind: 'username' as const, value })),
    ...keys.map((value) => ({ kind: 'key' as const, value })),
  ];
}

/** The distinct accounts of the site among the named users, each with how it was first named; unknown ones are left out. */
async function findNamedUsers(directory: Directory, site: Site, viewer: Viewer, named: readonly NamedUser[]) {
  const found = new Map<string, { entry: DirectoryEntry; kind: NamedUser['kind'] }>();
  const byId = await directory.entries(
    named.flatMap(({ kind, value }) => (kind === 'accountId' ? [value] : [])),
  );
  for (const { kind, value } of named) {
    const entry =
      kind === 'accountId'
        ? byId.get(value)
        : await findByLegacyIdentifier(directory, site, viewer, kind, value);
    if (!entry?.links.has(site.id) || found.has(entry.account.accountId)) continue;
    found.set(entry.account.accountId, { entry, kind });
  }
  return [...found.values()];
}
