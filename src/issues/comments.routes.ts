/** `GET/POST …/comment` and `GET/PUT/DELETE …/comment/{id}` of the tracker, v2 and v3. */
import type { FastifyRequest } from 'fastify';
import type { Caller } from '../auth/caller.ts';
import { NoContent } from '../http/contracts.ts';
import type { VeilApp } from '../http/server.ts';
import { readPage } from '../user-api/paging.ts';
import { readExpand } from '../user-api/params.ts';
import { trackerErrors } from '../user-api/tracker-user.schemas.ts';
import { peopleOfComments, renderComment } from './comments.representation.ts';
import { addComment, deleteComment, editComment, getComment } from './comments.service.ts';
import { listComments } from './issue-reads.service.ts';
import {
  type Deps,
  type IssueRequest,
  issueVersions,
  readIssueRequest,
  type Version,
} from './issue-request.ts';
import { restrictionReaderOf } from './issues.access.ts';
import type { Issue, IssueComment } from './issues.model.ts';
import {
  Comment,
  CommentBody,
  CommentParams,
  IssueParams,
  PageOfComments,
  PageQuery,
} from './issues.schemas.ts';
import { loadPeople } from './people.representation.ts';

export type { Deps } from './issue-request.ts';

/** The comment routes, v2 and v3. */
export function registerCommentRoutes(app: VeilApp, deps: Deps) {
  for (const version of issueVersions) {
    registerCommentList(app, deps, version);
    registerOneComment(app, deps, version);
  }
}

async function renderOne(
  context: IssueRequest & { issue: Issue },
  comment: IssueComment,
  expand: string | undefined,
) {
  const people = await loadPeople(context.audience, peopleOfComments([comment]));
  return renderComment(people, context.issue, comment, readExpand(expand).has('renderedBody'));
}

async function renderCommentPage(
  deps: Deps,
  context: IssueRequest & { issue: Issue; caller: Caller },
  query: { startAt?: number; maxResults?: number; expand?: string },
) {
  const { caller } = context;
  const { startAt, maxResults } = readPage(query, { maxResults: 100, cap: 100 });
  const reader = await restrictionReaderOf(deps.db, caller, context.site);
  const page = { startAt, maxResults };
  const { comments, total } = await listComments(deps.db, context.issue.id, page, reader);
  const people = await loadPeople(context.audience, peopleOfComments(comments));
  const rendered = readExpand(query.expand).has('renderedBody');
  return {
    startAt,
    maxResults,
    total,
    comments: comments.map((c) => renderComment(people, context.issue, c, rendered)),
  };
}

function registerCommentList(app: VeilApp, deps: Deps, version: Version) {
  const url = `/rest/api/${version}/issue/:issueIdOrKey/comment`;
  const tags = [`tracker v${version}`];
  app.get(
    url,
    {
      schema: {
        tags,
        summary: 'Get comments',
        params: IssueParams,
        querystring: PageQuery,
        response: { 200: PageOfComments, ...trackerErrors },
      },
    },
    async (request) => {
      const context = await readIssueRequest(request, deps, version, 'browse');
      return renderCommentPage(deps, { ...context, caller: request.caller }, request.query);
    },
  );
  app.post(
    url,
    {
      schema: {
        tags,
        summary: 'Add comment',
        params: IssueParams,
        querystring: PageQuery,
        body: CommentBody,
        response: { 201: Comment, ...trackerErrors },
      },
    },
    async (request, reply) => {
      const context = await readIssueRequest(request, deps, version, 'edit');
      const comment = await addComment(
        deps,
        context.site,
        request.caller,
        context.issue,
        request.body,
        version,
      );
      return reply.status(201).send(await renderOne(context, comment, request.query.expand));
    },
  );
}

type CommentRequest = FastifyRequest<{ Params: { issueIdOrKey: string; id: string } }>;

async function readComment(request: CommentRequest, deps: Deps, version: Version, access: 'browse' | 'edit') {
  const context = await readIssueRequest(request, deps, version, access);
  const reader = await restrictionReaderOf(deps.db, request.caller, context.site);
  return { context, comment: await getComment(deps.db, context.issue, request.params.id, reader) };
}

function registerOneComment(app: VeilApp, deps: Deps, version: Version) {
  const url = `/rest/api/${version}/issue/:issueIdOrKey/comment/:id`;
  const tags = [`tracker v${version}`];
  const params = CommentParams;
  app.get(
    url,
    {
      schema: {
        tags,
        summary: 'Get comment',
        params,
        querystring: PageQuery,
        response: { 200: Comment, ...trackerErrors },
      },
    },
    async (request) => {
      const { context, comment } = await readComment(request, deps, version, 'browse');
      return renderOne(context, comment, request.query.expand);
    },
  );
  app.put(
    url,
    {
      schema: {
        tags,
        summary: 'Update comment',
        params,
        querystring: PageQuery,
        body: CommentBody,
        response: { 200: Comment, ...trackerErrors },
      },
    },
    async (request) => {
      const { context, comment } = await readComment(request, deps, version, 'edit');
      const input = { ...request.body, version };
      const edited = await editComment(deps, context.site, request.caller, context.issue, comment, input);
      return renderOne(context, edited, request.query.expand);
    },
  );
  app.delete(
    url,
    { schema: { tags, summary: 'Delete comment', params, response: { 204: NoContent, ...trackerErrors } } },
    async (request, reply) => {
      const { context, comment } = await readComment(request, deps, version, 'edit');
      await deleteComment(deps, { ...context, caller: request.caller }, comment);
      return reply.status(204).send(null);
    },
  );
}
