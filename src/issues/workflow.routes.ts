/** `GET/POST …/transitions` and `GET …/changelog` (paged) of the tracker, v2 and v3. */
import { NoContent } from '../http/contracts.ts';
import type { VeilApp } from '../http/server.ts';
import { readPage } from '../user-api/paging.ts';
import { trackerErrors } from '../user-api/tracker-user.schemas.ts';
import { peopleOfHistories, renderHistory } from './changelog.representation.ts';
import { listHistories } from './issue-reads.service.ts';
import { type Deps, issueVersions, readIssueRequest, type Version } from './issue-request.ts';
import { issueSelf } from './issues.representation.ts';
import { IssueParams, PageBeanChangelog, PageQuery, TransitionBody, Transitions } from './issues.schemas.ts';
import { transitionIssue } from './issues.service.ts';
import { loadPeople } from './people.representation.ts';
import { type Transition, transitionsFrom } from './workflow.ts';

export type { Deps } from './issue-request.ts';

/** The transition and changelog routes, v2 and v3. */
export function registerWorkflowRoutes(app: VeilApp, deps: Deps) {
  for (const version of issueVersions) {
    registerTransitions(app, deps, version);
    registerChangelog(app, deps, version);
  }
}

function renderTransition(baseUrl: string, version: Version, transition: Transition) {
  const { to } = transition;
  return {
    id: transition.id,
    name: transition.name,
    to: {
      self: `${baseUrl}/rest/api/${version}/status/${to.id}`,
      id: to.id,
      name: to.name,
      statusCategory: {
        self: `${baseUrl}/rest/api/${version}/statuscategory/${to.category.id}`,
        ...to.category,
      },
    },
    hasScreen: false,
    isGlobal: true,
    isInitial: false,
    isAvailable: true,
    isConditional: false,
    isLooped: false,
  };
}

function registerTransitions(app: VeilApp, deps: Deps, version: Version) {
  const schema = { tags: [`tracker v${version}`], params: IssueParams };
  app.get(
    `/rest/api/${version}/issue/:issueIdOrKey/transitions`,
    { schema: { ...schema, summary: 'Get transitions', response: { 200: Transitions, ...trackerErrors } } },
    async (request) => {
      const { site, issue } = await readIssueRequest(request, deps, version, 'browse');
      return {
        transitions: transitionsFrom(issue.status).map((t) => renderTransition(site.baseUrl, version, t)),
      };
    },
  );
  app.post(
    `/rest/api/${version}/issue/:issueIdOrKey/transitions`,
    {
      schema: {
        ...schema,
        summary: 'Transition issue',
        body: TransitionBody,
        response: { 204: NoContent, ...trackerErrors },
      },
    },
    async (request, reply) => {
      const { issue, actorId } = await readIssueRequest(request, deps, version, 'edit');
      await transitionIssue(deps, actorId, issue, request.body.transition.id ?? '');
      return reply.status(204).send(null);
    },
  );
}

function registerChangelog(app: VeilApp, deps: Deps, version: Version) {
  app.get(
    `/rest/api/${version}/issue/:issueIdOrKey/changelog`,
    {
      schema: {
        tags: [`tracker v${version}`],
        summary: 'Get changelogs',
        params: IssueParams,
        querystring: PageQuery,
        response: { 200: PageBeanChangelog, ...trackerErrors },
      },
    },
    async (request) => {
      const { issue, audience } = await readIssueRequest(request, deps, version, 'browse');
      const { startAt, maxResults } = readPage(request.query, { maxResults: 100, cap: 100 });
      const { histories, total } = await listHistories(deps.db, issue.id, startAt, maxResults);
      const people = await loadPeople(audience, peopleOfHistories(histories));
      const self = `${issueSelf(audience.site.baseUrl, version, issue.key)}/changelog?maxResults=${maxResults}&startAt=${startAt}`;
      const isLast = startAt + histories.length >= total;
      return {
        self,
        ...(isLast ? {} : { nextPage: self.replace(/startAt=\d+$/, `startAt=${startAt + maxResults}`) }),
        maxResults,
        startAt,
        total,
        isLast,
        values: histories.map((h) => renderHistory(people, h)),
      };
    },
  );
}
