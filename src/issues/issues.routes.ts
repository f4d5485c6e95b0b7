/** `POST /issue` and `GET/PUT/DELETE /issue/{issueIdOrKey}` of the tracker, v2 and v3. */
import { VeilError } from '../errors/veil-error.ts';
import { NoContent } from '../http/contracts.ts';
import type { VeilApp } from '../http/server.ts';
import { readExpand } from '../user-api/params.ts';
import { trackerErrors } from '../user-api/tracker-user.schemas.ts';
import { loadIssueDetails } from './issue-reads.service.ts';
import {
  type Deps,
  issueVersions,
  readIssueRequest,
  readSiteRequest,
  type Version,
} from './issue-request.ts';
import { mayAdministerIssues } from './issues.access.ts';
import { issueSelf, peopleOfIssue, renderIssue } from './issues.representation.ts';
import { CreatedIssue, IssueBean, IssueParams, IssueQuery, IssueUpdateBody } from './issues.schemas.ts';
import { createIssue, deleteIssue, editIssue } from './issues.service.ts';
import { loadPeople } from './people.representation.ts';

export type { Deps } from './issue-request.ts';

/** The issue routes, v2 and v3. */
export function registerIssueRoutes(app: VeilApp, deps: Deps) {
  for (const version of issueVersions) {
    registerCreateIssue(app, deps, version);
    registerGetIssue(app, deps, version);
    registerEditIssue(app, deps, version);
    registerDeleteIssue(app, deps, version);
  }
}

function registerCreateIssue(app: VeilApp, deps: Deps, version: Version) {
  app.post(
    `/rest/api/${version}/issue`,
    {
      schema: {
        tags: [`tracker v${version}`],
        summary: 'Create issue',
        querystring: IssueQuery,
        body: IssueUpdateBody,
        response: { 201: CreatedIssue, ...trackerErrors },
      },
    },
    async (request, reply) => {
      const { site, actorId } = await readSiteRequest(request, deps, version, 'edit');
      const { fields = {}, update } = request.body;
      const created = await createIssue(deps, site, actorId, { fields, update }, version);
      return reply.status(201).send({ ...created, self: issueSelf(site.baseUrl, version, created.id) });
    },
  );
}

function registerGetIssue(app: VeilApp, deps: Deps, version: Version) {
  app.get(
    `/rest/api/${version}/issue/:issueIdOrKey`,
    {
      schema: {
        tags: [`tracker v${version}`],
        summary: 'Get issue',
        params: IssueParams,
        querystring: IssueQuery,
        response: { 200: IssueBean, ...trackerErrors },
      },
    },
    async (request) => {
      const { issue, audience, actorId } = await readIssueRequest(request, deps, version, 'browse');
      const expand = readExpand(request.query.expand);
      const details = await loadIssueDetails(deps.db, issue, expand.has('changelog'));
      const people = await loadPeople(audience, peopleOfIssue(issue, details));
      return renderIssue(people, issue, details, { expand, callerId: actorId });
    },
  );
}

function registerEditIssue(app: VeilApp, deps: Deps, version: Version) {
  app.put(
    `/rest/api/${version}/issue/:issueIdOrKey`,
    {
      schema: {
        tags: [`tracker v${version}`],
        summary: 'Edit issue',
        params: IssueParams,
        querystring: IssueQuery,
        body: IssueUpdateBody,
        response: { 204: NoContent, ...trackerErrors },
      },
    },
    async (request, reply) => {
      const { site, issue, actorId } = await readIssueRequest(request, deps, version, 'edit');
      const { fields = {}, update } = request.body;
      await editIssue(deps, site, actorId, issue, { fields, update, version });
      return reply.status(204).send(null);
    },
  );
}

function registerDeleteIssue(app: VeilApp, deps: Deps, version: Version) {
  app.delete(
    `/rest/api/${version}/issue/:issueIdOrKey`,
    {
      schema: {
        tags: [`tracker v${version}`],
        summary: 'Delete issue',
        params: IssueParams,
        querystring: IssueQuery,
        response: { 204: NoContent, ...trackerErrors },
      },
    },
    async (request, reply) => {
      const { site, issue, actorId } = await readIssueRequest(request, deps, version, 'edit');
      if (!mayAdministerIssues(request.caller, site))
        throw new VeilError('auth.forbidden', 'You do not have permission to delete issues of this site.');
      await deleteIssue(deps, actorId, issue);
      return reply.status(204).send(null);
    },
  );
}
