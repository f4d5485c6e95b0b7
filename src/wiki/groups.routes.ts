/**
 * The wiki's group reads: `GET /wiki/rest/api/group` (the site's groups, paged), `/group/picker`, one group
 * (`/group/by-id`, `/group/by-name`, `/group/{groupName}`) and its members (`/group/member`,
 * `/group/{groupName}/member`, `/group/{groupId}/membersByGroupId`), each member rendered through the one
 * decision, as every wiki user is (with username and userKey in the legacy stage).
 * Signed-in callers with the wiki only: anonymous callers see no groups, as on the tracker.
 */
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { ProfileReadCounter } from '../access-log/profile-reads.ts';
import type { Directory } from '../directory/directory.ts';
import { VeilError } from '../errors/veil-error.ts';
import type { VeilApp } from '../http/server.ts';
import type { Group } from '../site-groups/site-groups.model.ts';
import type { Site } from '../sites/sites.model.ts';
import { listGroupMembers } from '../tracker/groups.representation.ts';
import { identityContextOf, type Deps as LegacyDeps } from '../user-api/legacy-request.ts';
import { requireSignedIn } from '../user-api/request-context.ts';
import { renderWikiGroup, renderWikiUser, wikiLinks } from '../user-api/wiki-user.representation.ts';
import { GroupArrayWithLinks, WikiGroup, WikiUser, wikiErrors } from '../user-api/wiki-user.schemas.ts';
import { pathUnderWiki, requireWikiAccess } from './wiki.context.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps extends LegacyDeps {
  readonly directory: Directory;
  readonly profileReads: ProfileReadCounter;
}

const tags = ['wiki v1'];
const paging = {
  start: Type.Integer({ minimum: 0, default: 0 }),
  limit: Type.Integer({ minimum: 0, maximum: 200, default: 200 }),
};
const MemberArray = Type.Object({
  results: Type.Array(WikiUser),
  start: Type.Integer(),
  limit: Type.Integer(),
  size: Type.Integer(),
  _links: Type.Object({ base: Type.String(), context: Type.String(), self: Type.Optional(Type.String()) }),
});

async function requireGroupReader(request: FastifyRequest, directory: Directory): Promise<Site> {
  requireSignedIn(request);
  return requireWikiAccess(request, directory);
}

function pageOfGroups(
  request: FastifyRequest,
  site: Site,
  groups: readonly Group[],
  start: number,
  limit: number,
) {
  const sorted = [...groups].sort((a, b) => a.name.localeCompare(b.name));
  const page = sorted.slice(start, start + limit);
  return {
    results: page.map((g) => renderWikiGroup(site, g)),
    start,
    limit,
    size: page.length,
    _links: wikiLinks(site, pathUnderWiki(request)),
  };
}

function requireGroup(found: Group | undefined, named: string): Group {
  if (!found) throw new VeilError('group.not_found', `No group ${named} on this site`);
  return found;
}

/** The group reads of the wiki's v1 API. */
export function registerWikiGroupRoutes(app: VeilApp, deps: Deps) {
  const { directory } = deps;
  app.get(
    '/wiki/rest/api/group',
    {
      schema: {
        tags,
        summary: 'Get groups',
        querystring: Type.Object(paging),
        response: { 200: GroupArrayWithLinks, ...wikiErrors },
      },
    },
    async (request) => {
      const site = await requireGroupReader(request, directory);
      return pageOfGroups(request, site, site.groups, request.query.start, request.query.limit);
    },
  );
  app.get(
    '/wiki/rest/api/group/picker',
    {
      schema: {
        tags,
        summary: 'Search groups by partial query',
        querystring: Type.Object({ query: Type.String(), ...paging }),
        response: { 200: GroupArrayWithLinks, ...wikiErrors },
      },
    },
    async (request) => {
      const site = await requireGroupReader(request, directory);
      const query = request.query.query.trim().toLowerCase();
      const found = site.groups.filter((g) => g.name.toLowerCase().includes(query));
      return pageOfGroups(request, site, found, request.query.start, request.query.limit);
    },
  );
  registerGroupAndMembers(app, deps);
}

/** One group, found by what its route names it by. */
const oneGroupRoutes = [
  { url: '/wiki/rest/api/group/by-id', param: 'id', by: 'groupId', summary: 'Get group by ID' },
  { url: '/wiki/rest/api/group/by-name', param: 'name', by: 'name', summary: 'Get group by name' },
  {
    url: '/wiki/rest/api/group/:groupName',
    param: 'groupName',
    by: 'name',
    summary: 'Get group (deprecated)',
  },
] as const;

/** A group's members, found by what its route names the group by. */
const memberRoutes = [
  { url: '/wiki/rest/api/group/member', param: 'name', by: 'name', summary: 'Get group members' },
  {
    url: '/wiki/rest/api/group/:groupName/member',
    param: 'groupName',
    by: 'name',
    summary: 'Get group members (deprecated)',
  },
  {
    url: '/wiki/rest/api/group/:groupId/membersByGroupId',
    param: 'groupId',
    by: 'groupId',
    summary: 'Get group members by group ID',
  },
] as const;

/** The group of the site that `value` names, by id or (case-insensitively) by name. */
function findGroup(site: Site, by: 'groupId' | 'name', value: string): Group {
  const wanted = value.toLowerCase();
  const found = site.groups.find((g) =>
    by === 'groupId' ? g.groupId === value : g.name.toLowerCase() === wanted,
  );
  return requireGroup(found, value);
}

/** Reads `param` from the path if the route has it there, else from the query. */
function namedBy(request: FastifyRequest, param: string): string {
  const fromPath = (request.params as Record<string, string | undefined>)[param];
  return fromPath ?? (request.query as Record<string, string | undefined>)[param] ?? '';
}

function registerGroupAndMembers(app: VeilApp, deps: Deps) {
  for (const route of oneGroupRoutes) {
    const inPath = route.url.includes(`:${route.param}`);
    const schema = Type.Object({ [route.param]: Type.String({ minLength: 1 }) });
    app.get(
      route.url,
      {
        schema: {
          tags,
          summary: route.summary,
          ...(inPath ? { params: schema } : { querystring: schema }),
          response: { 200: WikiGroup, ...wikiErrors },
        },
      },
      async (request) => {
        const site = await requireGroupReader(request, deps.directory);
        return renderWikiGroup(site, findGroup(site, route.by, namedBy(request, route.param)));
      },
    );
  }
  for (const route of memberRoutes) registerMemberList(app, deps, route);
}

function registerMemberList(app: VeilApp, deps: Deps, route: (typeof memberRoutes)[number]) {
  const inPath = route.url.includes(`:${route.param}`);
  const named = Type.Object({ [route.param]: Type.String({ minLength: 1 }) });
  app.get(
    route.url,
    {
      schema: {
        tags,
        summary: route.summary,
        ...(inPath
          ? { params: named, querystring: Type.Object(paging) }
          : { querystring: Type.Object({ ...named.properties, ...paging }) }),
        response: { 200: MemberArray, ...wikiErrors },
      },
    },
    async (request) => {
      const site = await requireGroupReader(request, deps.directory);
      const group = findGroup(site, route.by, namedBy(request, route.param));
      const { start, limit } = request.query as { start: number; limit: number };
      return pageOfMembers(deps, request, site, group, { start, limit });
    },
  );
}

/** A page of a group's active members, each rendered for the caller through the one decision. */
async function pageOfMembers(
  deps: Deps,
  request: FastifyRequest,
  site: Site,
  group: Group,
  { start, limit }: { start: number; limit: number },
) {
  const { viewer } = request.caller;
  const members = await listGroupMembers(deps.directory, site, group.groupId, viewer, {
    includeInactive: false,
  });
  const page = members.slice(start, start + limit);
  const { legacy } = identityContextOf(request, deps);
  return {
    results: page.map((entry) => renderWikiUser(deps, entry, viewer, site, new Set(), legacy)),
    start,
    limit,
    size: page.length,
    _links: wikiLinks(site, pathUnderWiki(request)),
  };
}
