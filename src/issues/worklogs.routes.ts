/** `GET/POST …/worklog` and `GET/PUT/DELETE …/worklog/{id}` of the tracker, v2 and v3. */
import type { FastifyRequest } from 'fastify';
import type { Caller } from '../auth/caller.ts';
import { NoContent } from '../http/contracts.ts';
import type { VeilApp } from '../http/server.ts';
import { readPage } from '../user-api/paging.ts';
import { trackerErrors } from '../user-api/tracker-user.schemas.ts';
import {
  type Deps,
  type IssueRequest,
  issueVersions,
  readIssueRequest,
  type Version,
} from './issue-request.ts';
import { restrictionReaderOf } from './issues.access.ts';
import type { Issue } from './issues.model.ts';
import { IssueParams } from './issues.schemas.ts';
import { loadPeople } from './people.representation.ts';
import type { Worklog } from './worklogs.model.ts';
import { peopleOfWorklogs, renderWorklog } from './worklogs.representation.ts';
import {
  PageOfWorklogs,
  WorklogBody,
  WorklogListQuery,
  WorklogParams,
  Worklog as WorklogSchema,
  WorklogWriteQuery,
} from './worklogs.schemas.ts';
import { addWorklog, deleteWorklog, editWorklog, getWorklog, listWorklogs } from './worklogs.service.ts';

export type { Deps } from './issue-request.ts';

type Context = IssueRequest & { issue: Issue };

/** The worklog routes, v2 and v3. */
export function registerWorklogRoutes(app: VeilApp, deps: Deps) {
  for (const version of issueVersions) {
    registerWorklogList(app, deps, version);
    registerOneWorklog(app, deps, version);
  }
}

async function renderOne(context: Context, worklog: Worklog) {
  const people = await loadPeople(context.audience, peopleOfWorklogs([worklog]));
  return renderWorklog(people, context.issue, worklog);
}

async function renderWorklogPage(
  deps: Deps,
  context: Context & { caller: Caller },
  query: { startAt?: number; maxResults?: number; startedAfter?: number; startedBefore?: number },
) {
  const { startAt, maxResults } = readPage(query, { maxResults: 5000, cap: 5000 });
  const page = { startAt, maxResults };
  const reader = await restrictionReaderOf(deps.db, context.caller, context.site);
  const { worklogs, total } = await listWorklogs(deps.db, context.issue, query, page, reader);
  const people = await loadPeople(context.audience, peopleOfWorklogs(worklogs));
  return {
    startAt,
    maxResults,
    total,
    worklogs: worklogs.map((w) => renderWorklog(people, context.issue, w)),
  };
}

function registerWorklogList(app: VeilApp, deps: Deps, version: Version) {
  const url = `/rest/api/${version}/issue/:issueIdOrKey/worklog`;
  const tags = [`tracker v${version}`];
  app.get(
    url,
    {
      schema: {
        tags,
        summary: 'Get issue worklogs',
        params: IssueParams,
        querystring: WorklogListQuery,
        response: { 200: PageOfWorklogs, ...trackerErrors },
      },
    },
    async (request) => {
      const context = await readIssueRequest(request, deps, version, 'browse');
      return renderWorklogPage(deps, { ...context, caller: request.caller }, request.query);
    },
  );
  app.post(
    url,
    {
      schema: {
        tags,
        summary: 'Add worklog',
        params: IssueParams,
        querystring: WorklogWriteQuery,
        body: WorklogBody,
        response: { 201: WorklogSchema, ...trackerErrors },
      },
    },
    async (request, reply) => {
      const context = await readIssueRequest(request, deps, version, 'edit');
      const target = { ...context, caller: request.caller, version };
      const worklog = await addWorklog(deps, target, request.body);
      return reply.status(201).send(await renderOne(context, worklog));
    },
  );
}

type WorklogRequest = FastifyRequest<{ Params: { issueIdOrKey: string; id: string } }>;

async function readWorklog(request: WorklogRequest, deps: Deps, version: Version, access: 'browse' | 'edit') {
  const context = await readIssueRequest(request, deps, version, access);
  const reader = await restrictionReaderOf(deps.db, request.caller, context.site);
  return { context, worklog: await getWorklog(deps.db, context.issue, request.params.id, reader) };
}

function registerOneWorklog(app: VeilApp, deps: Deps, version: Version) {
  const url = `/rest/api/${version}/issue/:issueIdOrKey/worklog/:id`;
  const tags = [`tracker v${version}`];
  const params = WorklogParams;
  app.get(
    url,
    {
      schema: {
        tags,
        summary: 'Get worklog',
        params,
        querystring: WorklogWriteQuery,
        response: { 200: WorklogSchema, ...trackerErrors },
      },
    },
    async (request) => {
      const { context, worklog } = await readWorklog(request, deps, version, 'browse');
      return renderOne(context, worklog);
    },
  );
  app.put(
    url,
    {
      schema: {
        tags,
        summary: 'Update worklog',
        params,
        querystring: WorklogWriteQuery,
        body: WorklogBody,
        response: { 200: WorklogSchema, ...trackerErrors },
      },
    },
    async (request) => {
      const { context, worklog } = await readWorklog(request, deps, version, 'edit');
      const target = { ...context, caller: request.caller, version };
      return renderOne(context, await editWorklog(deps, target, worklog, request.body));
    },
  );
  registerWorklogDelete(app, deps, version);
}

function registerWorklogDelete(app: VeilApp, deps: Deps, version: Version) {
  const url = `/rest/api/${version}/issue/:issueIdOrKey/worklog/:id`;
  const tags = [`tracker v${version}`];
  const params = WorklogParams;
  app.delete(
    url,
    {
      schema: {
        tags,
        summary: 'Delete worklog',
        params,
        querystring: WorklogWriteQuery,
        response: { 204: NoContent, ...trackerErrors },
      },
    },
    async (request, reply) => {
      const { context, worklog } = await readWorklog(request, deps, version, 'edit');
      await deleteWorklog(deps, { ...context, caller: request.caller }, worklog);
      return reply.status(204).send(null);
    },
  );
}
