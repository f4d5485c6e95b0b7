/**
 * The wiki's group reads: `GET /wiki/rest/api/group` (the site's groups, paged), `/group/by-id`,
 * `/group/picker` and `/group/member` (members rendered through the one decision, as every wiki user is).
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
import { requireSignedIn } from '../user-api/request-context.ts';
import { renderWikiGroup, renderWikiUser, wikiLinks } from '../user-api/wiki-user.representation.ts';
import { GroupArrayWithLinks, WikiGroup, WikiUser, wikiErrors } from '../user-api/wiki-user.schemas.ts';
import { pathUnderWiki, requireWikiAccess } from './wiki.context.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps {
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

/** The four group reads of the wiki's v1 API. */
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

function registerGroupAndMembers(app: VeilApp, deps: Deps) {
  const { directory } = deps;
  app.get(
    '/wiki/rest/api/group/by-id',
    {
      schema: {
        tags,
        summary: 'Get group by ID',
        querystring: Type.Object({ id: Type.String() }),
        response: { 200: WikiGroup, ...wikiErrors },
      },
    },
    async (request) => {
      const site = await requireGroupReader(request, directory);
      const { id } = request.query;
      return renderWikiGroup(
        site,
        requireGroup(
          site.groups.find((g) => g.groupId === id),
          id,
        ),
      );
    },
  );
  app.get(
    '/wiki/rest/api/group/member',
    {
      schema: {
        tags,
        summary: 'Get group members',
        querystring: Type.Object({ name: Type.String(), ...paging }),
        response: { 200: MemberArray, ...wikiErrors },
      },
    },
    async (request) => {
      const site = await requireGroupReader(request, directory);
      const { name, start, limit } = request.query;
      const group = requireGroup(
        site.groups.find((g) => g.name.toLowerCase() === name.toLowerCase()),
        name,
      );
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
  return {
    results: page.map((entry) => renderWikiUser(deps, entry, viewer, site, new Set(), false)),
    start,
    limit,
    size: page.length,
    _links: wikiLinks(site, pathUnderWiki(request)),
  };
}
