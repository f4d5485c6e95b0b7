/** The wiki's v1 content: `POST/GET /wiki/rest/api/content`, `GET/PUT/DELETE /wiki/rest/api/content/{id}`. */
import { VeilError } from '../errors/veil-error.ts';
import { NoContent } from '../http/contracts.ts';
import type { VeilApp } from '../http/server.ts';
import { readExpand } from '../user-api/params.ts';
import { wikiLinks } from '../user-api/wiki-user.representation.ts';
import { WikiErrorBody, wikiErrors } from '../user-api/wiki-user.schemas.ts';
import { createPageComment } from './page-comments.service.ts';
import { loadContentContext } from './page-reads.service.ts';
import { renderContentV1 } from './pages.representation.ts';
import {
  ContentArrayV1,
  ContentCreateBody,
  ContentGetQuery,
  ContentIdParams,
  ContentListQuery,
  ContentUpdateBody,
  ContentV1,
} from './pages.schemas.ts';
import { createPage, deleteContent, getContent, listContent, updateContent } from './pages.service.ts';
import { pathUnderWiki } from './wiki.context.ts';
import type { Content } from './wiki.model.ts';
import { type Deps, readWikiRequest, type WikiRequest } from './wiki-request.ts';

export type { Deps } from './wiki-request.ts';

const tags = ['wiki v1'];
const errors = { ...wikiErrors, 409: WikiErrorBody };
/** What a created or updated content is rendered with (as the wiki answers a write). */
const writtenExpand = new Set(['history', 'version', 'space', 'body.storage', 'container', 'ancestors']);

/** The v1 content routes. */
export function registerWikiContentRoutes(app: VeilApp, deps: Deps) {
  registerCreateContent(app, deps);
  registerListContent(app, deps);
  registerGetContent(app, deps);
  registerUpdateContent(app, deps);
  registerDeleteContent(app, deps);
}

async function renderOne(deps: Deps, wiki: WikiRequest, content: Content, expand: ReadonlySet<string>) {
  return renderContentV1(content, await loadContentContext(deps.db, wiki, [content], expand));
}

const missing = (path: string, message: string) =>
  new VeilError('request.invalid', message, [{ path, message }]);

function registerCreateContent(app: VeilApp, deps: Deps) {
  app.post(
    '/wiki/rest/api/content',
    {
      schema: {
        tags,
        summary: 'Create content',
        body: ContentCreateBody,
        response: { 200: ContentV1, ...errors },
      },
    },
    async (request) => {
      const wiki = await readWikiRequest(request, deps, 'write');
      const { type, title, space, container, ancestors, body } = request.body;
      const storage = body?.storage.value ?? '';
      if (type === 'comment') {
        if (!container) throw missing('container', 'A comment needs the container (the page) it is on.');
        return renderOne(
          deps,
          wiki,
          await createPageComment(deps, wiki, String(container.id), storage),
          writtenExpand,
        );
      }
      if (!space) throw missing('space', 'A page needs the space it is in (space.key).');
      if (title === undefined) throw missing('title', 'A page needs a title.');
      const parent = ancestors?.[0];
      const input = {
        space: { key: space.key },
        title,
        body: storage,
        parentId: parent && String(parent.id),
      };
      return renderOne(deps, wiki, await createPage(deps, wiki, input), writtenExpand);
    },
  );
}

function registerListContent(app: VeilApp, deps: Deps) {
  app.get(
    '/wiki/rest/api/content',
    {
      schema: {
        tags,
        summary: 'Get content',
        querystring: ContentListQuery,
        response: { 200: ContentArrayV1, ...errors },
      },
    },
    async (request) => {
      const wiki = await readWikiRequest(request, deps, 'read');
      const { type, spaceKey, title, start, limit } = request.query;
      const filter = {
        type,
        ...(spaceKey !== undefined ? { spaceKey } : {}),
        ...(title !== undefined ? { title } : {}),
      };
      const found = (await listContent(deps.db, wiki.site, filter, { start, limit })).slice(0, limit);
      const expand = readExpand(request.query.expand);
      const context = await loadContentContext(deps.db, wiki, found, expand);
      const results = found.map((content) => renderContentV1(content, context));
      return {
        results,
        start,
        limit,
        size: results.length,
        _links: wikiLinks(wiki.site, pathUnderWiki(request)),
      };
    },
  );
}

function registerGetContent(app: VeilApp, deps: Deps) {
  app.get(
    '/wiki/rest/api/content/:id',
    {
      schema: {
        tags,
        summary: 'Get content by id',
        params: ContentIdParams,
        querystring: ContentGetQuery,
        response: { 200: ContentV1, ...errors },
      },
    },
    async (request) => {
      const wiki = await readWikiRequest(request, deps, 'read');
      const content = await getContent(deps.db, wiki.site, request.params.id);
      return renderOne(deps, wiki, content, readExpand(request.query.expand));
    },
  );
}

function registerUpdateContent(app: VeilApp, deps: Deps) {
  app.put(
    '/wiki/rest/api/content/:id',
    {
      schema: {
        tags,
        summary: 'Update content',
        params: ContentIdParams,
        body: ContentUpdateBody,
        response: { 200: ContentV1, ...errors },
      },
    },
    async (request) => {
      const wiki = await readWikiRequest(request, deps, 'write');
      const content = await getContent(deps.db, wiki.site, request.params.id, request.body.type);
      const { title, body, version } = request.body;
      const change = { title, body: body?.storage.value, version: version.number };
      return renderOne(deps, wiki, await updateContent(deps, wiki, content, change), writtenExpand);
    },
  );
}

function registerDeleteContent(app: VeilApp, deps: Deps) {
  app.delete(
    '/wiki/rest/api/content/:id',
    {
      schema: {
        tags,
        summary: 'Delete content',
        params: ContentIdParams,
        querystring: ContentGetQuery,
        response: { 204: NoContent, ...errors },
      },
    },
    async (request, reply) => {
      const wiki = await readWikiRequest(request, deps, 'write');
      await deleteContent(deps, wiki, await getContent(deps.db, wiki.site, request.params.id));
      return reply.status(204).send(null);
    },
  );
}
