/** `PUT …/assignee`, `GET/POST/DELETE …/watchers` and `GET/POST/DELETE …/votes` of the tracker, v2 and v3. */
import { Type } from 'typebox';
import { requirePerson } from '../auth/caller.ts';
import { NoContent } from '../http/contracts.ts';
import type { VeilApp } from '../http/server.ts';
import { accountIdRequired } from '../user-api/params.ts';
import { trackerErrors } from '../user-api/tracker-user.schemas.ts';
import { addVote, addWatcher, removeVote, removeWatcher } from './issue-people.service.ts';
import { type Deps, issueVersions, readIssueRequest, type Version } from './issue-request.ts';
import { listIssuePeople } from './issues.repository.ts';
import { issueSelf } from './issues.representation.ts';
import { AccountIdQuery, AssigneeBody, IssueParams, Votes, Watchers } from './issues.schemas.ts';
import { assignIssue } from './issues.service.ts';
import { loadPeople } from './people.representation.ts';

export type { Deps } from './issue-request.ts';

/** The assignee, watcher and vote routes, v2 and v3. */
export function registerIssuePeopleRoutes(app: VeilApp, deps: Deps) {
  for (const version of issueVersions) {
    registerAssign(app, deps, version);
    registerWatchers(app, deps, version);
    registerVotes(app, deps, version);
  }
}

const path = (version: Version, tail: string) => `/rest/api/${version}/issue/:issueIdOrKey/${tail}`;
const schemaOf = (version: Version, summary: string) => ({
  tags: [`tracker v${version}`],
  summary,
  params: IssueParams,
});

function registerAssign(app: VeilApp, deps: Deps, version: Version) {
  app.put(
    path(version, 'assignee'),
    {
      schema: {
        ...schemaOf(version, 'Assign issue'),
        body: AssigneeBody,
        response: { 204: NoContent, ...trackerErrors },
      },
    },
    async (request, reply) => {
      const { site, issue, actorId } = await readIssueRequest(request, deps, version, 'edit');
      // `-1` is the tracker's "automatic" assignee: the project has none, so it unassigns.
      const to = request.body.accountId ?? null;
      await assignIssue(deps, site, actorId, issue, to === '-1' ? null : to);
      return reply.status(204).send(null);
    },
  );
}

function registerWatchers(app: VeilApp, deps: Deps, version: Version) {
  app.get(
    path(version, 'watchers'),
    { schema: { ...schemaOf(version, 'Get issue watchers'), response: { 200: Watchers, ...trackerErrors } } },
    async (request) => {
      const { issue, audience, actorId } = await readIssueRequest(request, deps, version, 'browse');
      const ids = await listIssuePeople(deps.db, 'issue_watchers', issue.id);
      const people = await loadPeople(audience, ids);
      return {
        self: `${issueSelf(audience.site.baseUrl, version, issue.key)}/watchers`,
        isWatching: actorId !== null && ids.includes(actorId),
        watchCount: ids.length,
        watchers: ids.map((id) => people.details(id)).filter((u) => u !== null),
      };
    },
  );
  app.post(
    path(version, 'watchers'),
    {
      schema: {
        ...schemaOf(version, 'Add watcher'),
        body: Type.Optional(Type.String({ maxLength: 128 })),
        response: { 204: NoContent, ...trackerErrors },
      },
    },
    async (request, reply) => {
      const { site, issue, actorId } = await readIssueRequest(request, deps, version, 'edit');
      const accountId = request.body || actorId;
      if (!accountId) throw accountIdRequired('The accountId to watch needs to be provided');
      await addWatcher(deps, site, issue, accountId);
      return reply.status(204).send(null);
    },
  );
  app.delete(
    path(version, 'watchers'),
    {
      schema: {
        ...schemaOf(version, 'Delete watcher'),
        querystring: AccountIdQuery,
        response: { 204: NoContent, ...trackerErrors },
      },
    },
    async (request, reply) => {
      const { issue } = await readIssueRequest(request, deps, version, 'edit');
      const accountId = request.query.accountId;
      if (!accountId) throw accountIdRequired();
      await removeWatcher(deps, issue, accountId);
      return reply.status(204).send(null);
    },
  );
}

function registerVotes(app: VeilApp, deps: Deps, version: Version) {
  app.get(
    path(version, 'votes'),
    { schema: { ...schemaOf(version, 'Get votes'), response: { 200: Votes, ...trackerErrors } } },
    async (request) => {
      const { issue, audience, actorId } = await readIssueRequest(request, deps, version, 'browse');
      const ids = await listIssuePeople(deps.db, 'issue_votes', issue.id);
      const people = await loadPeople(audience, ids);
      return {
        self: `${issueSelf(audience.site.baseUrl, version, issue.key)}/votes`,
        votes: ids.length,
        hasVoted: actorId !== null && ids.includes(actorId),
        voters: ids.map((id) => people.user(id)).filter((u) => u !== null),
      };
    },
  );
  app.post(
    path(version, 'votes'),
    { schema: { ...schemaOf(version, 'Add vote'), response: { 204: NoContent, ...trackerErrors } } },
    async (request, reply) => {
      const { issue } = await readIssueRequest(request, deps, version, 'edit');
      await addVote(deps, issue, requirePerson(request.caller).account.accountId);
      return reply.status(204).send(null);
    },
  );
  app.delete(
    path(version, 'votes'),
    { schema: { ...schemaOf(version, 'Delete vote'), response: { 204: NoContent, ...trackerErrors } } },
    async (request, reply) => {
      const { issue } = await readIssueRequest(request, deps, version, 'edit');
      await removeVote(deps, issue, requirePerson(request.caller).account.accountId);
      return reply.status(204).send(null);
    },
  );
}
