/** The wiki's v2 pages: `GET/POST /wiki/api/v2/pages`, `GET/PUT/DELETE /wiki/api/v2/pages/{id}`. */
import { VeilError } from '../errors/veil-error.ts';
import { NoContent } from '../http/contracts.ts';
import type { VeilApp } from '../http/server.ts';
import { readMultiValue } from '../user-api/params.ts';
import { wikiBaseUrl } from '../user-api/wiki-user.representation.ts';
import { WikiErrorBody, wikiErrors } from '../user-api/wiki-user.schemas.ts';
import { loadContentPeople } from './page-reads.service.ts';
import { renderPageV2 } from './pages.representation.ts';
import {
  ContentIdParams,
  PageCreateV2Body,
  PageGetV2Query,
  PageListV2,
  PageListV2Query,
  PageUpdateV2Body,
  PageV2,
} from './pages.schemas.ts';
import { createPage, deleteContent, getContent, listContent, updateContent } from './pages.service.ts';
import { nextLink } from './spaces.routes.ts';
import { pathUnderWiki } from './wiki.context.ts';
import type { Content } from './wiki.model.ts';
import { findSpaceRowById } from './wiki.repository.ts';
import { type Deps, readWikiRequest, type WikiRequest } from './wiki-request.ts';

export type { Deps } from './wiki-request.ts';

const tags = ['wiki v2'];
const errors = { ...wikiErrors, 409: WikiErrorBody };

/** The v2 page routes. */
export function registerWikiPageV2Routes(app: VeilApp, deps: Deps) {
  registerCreatePage(app, deps);
  registerListPages(app, deps);
  registerGetPage(app, deps);
  registerUpdatePage(app, deps);
  registerDeletePage(app, deps);
}

async function renderPages(wiki: WikiRequest, pages: Content[], format: 'storage' | 'view' | undefined) {
  const people = await loadContentPeople(wiki, pages, format === 'view');
  return pages.map((page) => renderPageV2(page, people, format));
}

function registerCreatePage(app: VeilApp, deps: Deps) {
  app.post(
    '/wiki/api/v2/pages',
    {
      schema: { tags, summary: 'Create page', body: PageCreateV2Body, response: { 200: PageV2, ...errors } },
    },
    async (request) => {
      const wiki = await readWikiRequest(request, deps, 'write');
      const { spaceId, title, parentId, body } = request.body;
      const input = { space: { id: String(spaceId) }, title, body: body?.value ?? '', parentId };
      const [page] = await renderPages(wiki, [await createPage(deps, wiki, input)], 'storage');
      return page;
    },
  );
}

/** The space ids of a `space-id` filter that are the site's (an unknown id matches nothing). */
async function siteSpaceKeys(deps: Deps, wiki: WikiRequest, raw: string): Promise<string[]> {
  const rows = await Promise.all(
    readMultiValue(raw, 'space-id').map((id) => findSpaceRowById(deps.db, wiki.site.id, id)),
  );
  return rows.flatMap((row) => (row ? [row.space_key] : []));
}

function registerListPages(app: VeilApp, deps: Deps) {
  app.get(
    '/wiki/api/v2/pages',
    {
      schema: {
        tags,
        summary: 'Get pages',
        querystring: PageListV2Query,
        response: { 200: PageListV2, ...errors },
      },
    },
    async (request) => {
      const wiki = await readWikiRequest(request, deps, 'read');
      const { limit, title } = request.query;
      const start =
        request.query.cursor && /^[0-9]{1,9}$/.test(request.query.cursor) ? Number(request.query.cursor) : 0;
      const keys =
        request.query['space-id'] === undefined
          ? undefined
          : await siteSpaceKeys(deps, wiki, request.query['space-id']);
      const found =
        keys?.length === 0
          ? []
          : await listContent(
              deps.db,
              wiki.site,
              {
                type: 'page',
                ...(keys?.[0] !== undefined ? { spaceKey: keys[0] } : {}),
                ...(title !== undefined ? { title } : {}),
              },
              { start, limit },
            );
      const results = await renderPages(wiki, found.slice(0, limit), request.query['body-format']);
      const next = found.length > limit ? nextLink(pathUnderWiki(request), start + limit) : undefined;
      return { results, _links: { ...(next ? { next } : {}), base: wikiBaseUrl(wiki.site) } };
    },
  );
}

function registerGetPage(app: VeilApp, deps: Deps) {
  app.get(
    '/wiki/api/v2/pages/:id',
    {
      schema: {
        tags,
        summary: 'Get page by id',
        params: ContentIdParams,
        querystring: PageGetV2Query,
        response: { 200: PageV2, ...errors },
      },
    },
    async (request) => {
      const wiki = await readWikiRequest(request, deps, 'read');
      const page = await getContent(deps.db, wiki.site, request.params.id, 'page');
      const [rendered] = await renderPages(wiki, [page], request.query['body-format']);
      return rendered;
    },
  );
}

function registerUpdatePage(app: VeilApp, deps: Deps) {
  app.put(
    '/wiki/api/v2/pages/:id',
    {
      schema: {
        tags,
        summary: 'Update page',
        params: ContentIdParams,
        body: PageUpdateV2Body,
        response: { 200: PageV2, ...errors },
      },
    },
    async (request) => {
      const wiki = await readWikiRequest(request, deps, 'write');
      const page = await getContent(deps.db, wiki.site, request.params.id, 'page');
      const { id, title, body, version } = request.body;
      if (String(id) !== page.id)
        throw new VeilError('request.invalid', 'The id of the body is not the page of the path.', [
          { path: 'id', message: 'must be the id of the path' },
        ]);
      const change = { title, body: body.value, version: version.number };
      const [rendered] = await renderPages(wiki, [await updateContent(deps, wiki, page, change)], 'storage');
      return rendered;
    },
  );
}

function registerDeletePage(app: VeilApp, deps: Deps) {
  app.delete(
    '/wiki/api/v2/pages/:id',
    {
      schema: {
        tags,
        summary: 'Delete page',
        params: ContentIdParams,
        response: { 204: NoContent, ...errors },
      },
    },
    async (request, reply) => {
      const wiki = await readWikiRequest(request, deps, 'write');
      await deleteContent(deps, wiki, await getContent(deps.db, wiki.site, request.params.id, 'page'));
      return reply.status(204).send(null);
    },
  );
}
