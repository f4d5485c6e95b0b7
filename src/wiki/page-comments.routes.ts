/**
 * Comments on pages: v1 `GET /wiki/rest/api/content/{id}/child/comment` (v1 creates them through
 * `POST /content` with a container); v2 `GET /wiki/api/v2/pages/{id}/footer-comments`,
 * `POST /wiki/api/v2/footer-comments`, `GET /wiki/api/v2/footer-comments/{id}`.
 */
import type { VeilApp } from '../http/server.ts';
import { readExpand } from '../user-api/params.ts';
import { wikiBaseUrl, wikiLinks } from '../user-api/wiki-user.representation.ts';
import { wikiErrors } from '../user-api/wiki-user.schemas.ts';
import { createPageComment, listPageComments } from './page-comments.service.ts';
import { loadContentContext, loadContentPeople } from './page-reads.service.ts';
import { renderContentV1, renderFooterCommentV2 } from './pages.representation.ts';
import {
  ChildCommentQuery,
  CommentListV2Query,
  ContentArrayV1,
  ContentIdParams,
  FooterCommentCreateV2Body,
  FooterCommentListV2,
  FooterCommentV2,
  PageGetV2Query,
} from './pages.schemas.ts';
import { getContent } from './pages.service.ts';
import { nextLink } from './spaces.routes.ts';
import { pathUnderWiki } from './wiki.context.ts';
import type { Content } from './wiki.model.ts';
import { type Deps, readWikiRequest, type WikiRequest } from './wiki-request.ts';

export type { Deps } from './wiki-request.ts';

/** The routes of comments on pages, v1 and v2. */
export function registerWikiPageCommentRoutes(app: VeilApp, deps: Deps) {
  registerChildComments(app, deps);
  registerFooterComments(app, deps);
  registerCreateFooterComment(app, deps);
  registerGetFooterComment(app, deps);
}

async function renderComments(
  wiki: WikiRequest,
  comments: Content[],
  format: 'storage' | 'view' | undefined,
) {
  const people = await loadContentPeople(wiki, comments, format === 'view');
  return comments.map((comment) => renderFooterCommentV2(comment, people, format));
}

function registerChildComments(app: VeilApp, deps: Deps) {
  app.get(
    '/wiki/rest/api/content/:id/child/comment',
    {
      schema: {
        tags: ['wiki v1'],
        summary: 'Get comments of a page',
        params: ContentIdParams,
        querystring: ChildCommentQuery,
        response: { 200: ContentArrayV1, ...wikiErrors },
      },
    },
    async (request) => {
      const wiki = await readWikiRequest(request, deps, 'read');
      const { start, limit } = request.query;
      const found = (await listPageComments(deps.db, wiki.site, request.params.id, { start, limit })).slice(
        0,
        limit,
      );
      const context = await loadContentContext(deps.db, wiki, found, readExpand(request.query.expand));
      const results = found.map((comment) => renderContentV1(comment, context));
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

function registerFooterComments(app: VeilApp, deps: Deps) {
  app.get(
    '/wiki/api/v2/pages/:id/footer-comments',
    {
      schema: {
        tags: ['wiki v2'],
        summary: 'Get footer comments of a page',
        params: ContentIdParams,
        querystring: CommentListV2Query,
        response: { 200: FooterCommentListV2, ...wikiErrors },
      },
    },
    async (request) => {
      const wiki = await readWikiRequest(request, deps, 'read');
      const { limit, cursor } = request.query;
      const start = cursor && /^[0-9]{1,9}$/.test(cursor) ? Number(cursor) : 0;
      const found = await listPageComments(deps.db, wiki.site, request.params.id, { start, limit });
      const results = await renderComments(wiki, found.slice(0, limit), request.query['body-format']);
      const next = found.length > limit ? nextLink(pathUnderWiki(request), start + limit) : undefined;
      return { results, _links: { ...(next ? { next } : {}), base: wikiBaseUrl(wiki.site) } };
    },
  );
}

function registerCreateFooterComment(app: VeilApp, deps: Deps) {
  app.post(
    '/wiki/api/v2/footer-comments',
    {
      schema: {
        tags: ['wiki v2'],
        summary: 'Create footer comment',
        body: FooterCommentCreateV2Body,
        response: { 201: FooterCommentV2, ...wikiErrors },
      },
    },
    async (request, reply) => {
      const wiki = await readWikiRequest(request, deps, 'write');
      const comment = await createPageComment(deps, wiki, request.body.pageId, request.body.body.value);
      const people = await loadContentPeople(wiki, [comment], false);
      return reply.status(201).send(renderFooterCommentV2(comment, people, 'storage'));
    },
  );
}

function registerGetFooterComment(app: VeilApp, deps: Deps) {
  app.get(
    '/wiki/api/v2/footer-comments/:id',
    {
      schema: {
        tags: ['wiki v2'],
        summary: 'Get footer comment by id',
        params: ContentIdParams,
        querystring: PageGetV2Query,
        response: { 200: FooterCommentV2, ...wikiErrors },
      },
    },
    async (request) => {
      const wiki = await readWikiRequest(request, deps, 'read');
      const comment = await getContent(deps.db, wiki.site, request.params.id, 'comment');
      const [rendered] = await renderComments(wiki, [comment], request.query['body-format']);
      return rendered;
    },
  );
}
