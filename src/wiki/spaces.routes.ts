/**
 * The wiki's spaces: `GET/POST /wiki/rest/api/space`, `GET/DELETE …/space/{spaceKey}`, v2 `GET
 * /wiki/api/v2/spaces(/{id})`.
 */
import type { VeilApp } from '../http/server.ts';
import { readExpand, readMultiValue } from '../user-api/params.ts';
import { wikiLinks } from '../user-api/wiki-user.representation.ts';
import { wikiErrors } from '../user-api/wiki-user.schemas.ts';
import { registerDeleteSpace } from './space-deletion.routes.ts';
import { renderSpaceV1, renderSpaceV2 } from './spaces.representation.ts';
import {
  SpaceArrayV1,
  SpaceCreateBody,
  SpaceGetQuery,
  SpaceGetV2Query,
  SpaceIdParams,
  SpaceKeyParams,
  SpaceListQuery,
  SpaceListV2,
  SpaceListV2Query,
  SpaceV1,
  SpaceV2,
} from './spaces.schemas.ts';
import {
  createSpace,
  getSpaceById,
  getSpaceByKey,
  listSpaces,
  type SpaceWithHome,
} from './spaces.service.ts';
import { pathUnderWiki } from './wiki.context.ts';
import { loadWikiPeople } from './wiki-people.representation.ts';
import { type Deps, readWikiRequest, type WikiRequest } from './wiki-request.ts';

export type { Deps } from './wiki-request.ts';

const v1 = ['wiki v1'];
const v2 = ['wiki v2'];

/** The spaces' routes, v1 and v2. */
export function registerWikiSpaceRoutes(app: VeilApp, deps: Deps) {
  registerCreateSpace(app, deps);
  registerListSpaces(app, deps);
  registerGetSpace(app, deps);
  registerListSpacesV2(app, deps);
  registerGetSpaceV2(app, deps);
  registerDeleteSpace(app, deps);
}

async function renderV1(wiki: WikiRequest, spaces: SpaceWithHome[], expand: ReadonlySet<string>) {
  const people = await loadWikiPeople(
    wiki.audience,
    expand.has('history') ? spaces.map((s) => s.space.creatorId) : [],
  );
  return spaces.map((space) => renderSpaceV1(space, people, expand));
}

function registerCreateSpace(app: VeilApp, deps: Deps) {
  app.post(
    '/wiki/rest/api/space',
    {
      schema: {
        tags: v1,
        summary: 'Create space',
        body: SpaceCreateBody,
        response: { 200: SpaceV1, ...wikiErrors },
      },
    },
    async (request) => {
      const wiki = await readWikiRequest(request, deps, 'write');
      const { key, name, description } = request.body;
      const created = await createSpace(deps, wiki.site, wiki.actorId, {
        key,
        name,
        description: description?.plain.value ?? '',
      });
      const [space] = await renderV1(wiki, [created], new Set(['description', 'history']));
      return space;
    },
  );
}

function registerListSpaces(app: VeilApp, deps: Deps) {
  app.get(
    '/wiki/rest/api/space',
    {
      schema: {
        tags: v1,
        summary: 'Get spaces',
        querystring: SpaceListQuery,
        response: { 200: SpaceArrayV1, ...wikiErrors },
      },
    },
    async (request) => {
      const wiki = await readWikiRequest(request, deps, 'read');
      const { start, limit } = request.query;
      const keys = request.query.spaceKey ? readMultiValue(request.query.spaceKey, 'spaceKey') : undefined;
      const found = await listSpaces(deps.db, wiki.site, { start, limit }, keys ? { keys } : {});
      const results = await renderV1(wiki, found.slice(0, limit), readExpand(request.query.expand));
      const links = wikiLinks(wiki.site, pathUnderWiki(request));
      return { results, start, limit, size: results.length, _links: links };
    },
  );
}

function registerGetSpace(app: VeilApp, deps: Deps) {
  app.get(
    '/wiki/rest/api/space/:spaceKey',
    {
      schema: {
        tags: v1,
        summary: 'Get space',
        params: SpaceKeyParams,
        querystring: SpaceGetQuery,
        response: { 200: SpaceV1, ...wikiErrors },
      },
    },
    async (request) => {
      const wiki = await readWikiRequest(request, deps, 'read');
      const found = await getSpaceByKey(deps.db, wiki.site, request.params.spaceKey);
      const [space] = await renderV1(wiki, [found], readExpand(request.query.expand));
      return space;
    },
  );
}

/** The v2 cursor is the offset of the next page, as text. */
const offsetOf = (cursor: string | undefined) => (cursor && /^[0-9]{1,9}$/.test(cursor) ? Number(cursor) : 0);

function registerListSpacesV2(app: VeilApp, deps: Deps) {
  app.get(
    '/wiki/api/v2/spaces',
    {
      schema: {
        tags: v2,
        summary: 'Get spaces',
        querystring: SpaceListV2Query,
        response: { 200: SpaceListV2, ...wikiErrors },
      },
    },
    async (request) => {
      const wiki = await readWikiRequest(request, deps, 'read');
      const { limit, keys, ids } = request.query;
      const start = offsetOf(request.query.cursor);
      const filter = {
        ...(keys !== undefined ? { keys: readMultiValue(keys, 'keys') } : {}),
        ...(ids !== undefined ? { ids: readMultiValue(ids, 'ids') } : {}),
      };
      const found = await listSpaces(deps.db, wiki.site, { start, limit }, filter);
      const withDescription = request.query['description-format'] !== undefined;
      const results = found.slice(0, limit).map((space) => renderSpaceV2(space, wiki.site, withDescription));
      const next = found.length > limit ? nextLink(pathUnderWiki(request), start + limit) : undefined;
      return { results, _links: { ...(next ? { next } : {}), base: wikiLinks(wiki.site).base } };
    },
  );
}

/** The same address with the cursor of the next page. */
export function nextLink(path: string, offset: number): string {
  const url = new URL(path, 'http://x');
  url.searchParams.set('cursor', String(offset));
  return `/wiki${url.pathname}${url.search}`;
}

function registerGetSpaceV2(app: VeilApp, deps: Deps) {
  app.get(
    '/wiki/api/v2/spaces/:id',
    {
      schema: {
        tags: v2,
        summary: 'Get space by id',
        params: SpaceIdParams,
        querystring: SpaceGetV2Query,
        response: { 200: SpaceV2, ...wikiErrors },
      },
    },
    async (request) => {
      const wiki = await readWikiRequest(request, deps, 'read');
      const found = await getSpaceById(deps.db, wiki.site, request.params.id);
      return renderSpaceV2(found, wiki.site, request.query['description-format'] !== undefined);
    },
  );
}
