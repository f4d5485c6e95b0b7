/** The rules of the issue operations: tracker users and apps with WRITE edit; site admins and DELETE apps delete. */
import { acmeMembers, actingFor, mia, readingApps, type WriteRule } from './write-rules.shared.ts';
import type { CallerKind } from './write-world.ts';

/** Apps whose scopes imply WRITE (or DELETE). */
const appsWith = (scope: 'WRITE' | 'DELETE'): CallerKind[] =>
  readingApps.filter((kind) => kind !== 'app:READ' && (scope === 'WRITE' || kind !== 'app:WRITE'));
const actingPeople = actingFor('self', 'orgAdmin', 'siteAdmin', 'platformAdmin');
/** People with the tracker on acme, apps with the scope, and people an admin app acts for. */
const editors = (scope: 'WRITE' | 'DELETE'): CallerKind[] => [
  ...acmeMembers,
  ...appsWith(scope),
  ...actingPeople,
];
const admins = (scope: 'WRITE' | 'DELETE'): CallerKind[] => [
  'siteAdmin',
  'platformAdmin',
  ...appsWith(scope),
  ...actingFor('siteAdmin', 'platformAdmin'),
];
/** The demo's first comment (and first worklog) on ACME-1 is Noah's (the unmanaged person). */
const commentAuthors = (scope: 'WRITE' | 'DELETE'): CallerKind[] => ['unmanagedPerson', ...admins(scope)];
const voters: CallerKind[] = [...acmeMembers, ...actingPeople];
/** Who may browse acme's issues: its tracker users, every app with READ, and the people apps act for. */
const browsers: CallerKind[] = [...acmeMembers, ...readingApps, ...actingPeople, 'actingFor:siteAdmin:READ'];

export const issueRules: WriteRule[] = ['2', '3'].flatMap((version): WriteRule[] => {
  const issue = `/rest/api/${version}/issue/ACME-1`;
  const route = `/rest/api/${version}/issue/:issueIdOrKey`;
  return [
    {
      method: 'POST',
      route: `/rest/api/${version}/issue`,
      allowed: editors('WRITE'),
      request: (_w, _k, n) => ({
        url: `/rest/api/${version}/issue`,
        body: { fields: { project: { key: 'ACME' }, issuetype: { name: 'Task' }, summary: `Matrix ${n}` } },
      }),
    },
    {
      method: 'PUT',
      route,
      allowed: editors('WRITE'),
      request: (_w, _k, n) => ({ url: issue, body: { fields: { summary: `Renamed ${n}` } } }),
    },
    { method: 'DELETE', route, allowed: admins('DELETE'), resets: true, request: () => ({ url: issue }) },
    {
      method: 'PUT',
      route: `${route}/assignee`,
      allowed: editors('WRITE'),
      request: () => ({ url: `${issue}/assignee`, body: { accountId: mia } }),
    },
    {
      method: 'POST',
      route: `${route}/watchers`,
      allowed: editors('WRITE'),
      request: () => ({
        url: `${issue}/watchers`,
        body: JSON.stringify(mia),
        headers: { 'content-type': 'application/json' },
      }),
    },
    {
      method: 'DELETE',
      route: `${route}/watchers`,
      allowed: editors('DELETE'),
      request: () => ({ url: `${issue}/watchers?accountId=${mia}` }),
    },
    { method: 'POST', route: `${route}/votes`, allowed: voters, request: () => ({ url: `${issue}/votes` }) },
    {
      method: 'DELETE',
      route: `${route}/votes`,
      allowed: voters,
      request: () => ({ url: `${issue}/votes` }),
    },
    {
      method: 'POST',
      route: `${route}/transitions`,
      allowed: editors('WRITE'),
      // A transition taken leaves the next one from the new status a 400 for allowed callers, which the
      // matrix accepts; who may transition does not change, so no fresh start is needed.
      request: () => ({ url: `${issue}/transitions`, body: { transition: { id: '31' } } }),
    },
    {
      method: 'POST',
      route: `${route}/comment`,
      allowed: editors('WRITE'),
      request: (_w, _k, n) => ({
        url: `${issue}/comment`,
        body: { body: version === '2' ? `Note ${n}` : { type: 'doc', version: 1, content: [] } },
      }),
    },
    {
      method: 'PUT',
      route: `${route}/comment/:id`,
      allowed: commentAuthors('WRITE'),
      request: (_w, _k, n) => ({
        url: `${issue}/comment/10000`,
        body: { body: version === '2' ? `Edited ${n}` : { type: 'doc', version: 1, content: [] } },
      }),
    },
    {
      method: 'DELETE',
      route: `${route}/comment/:id`,
      // Once gone, the comment is a 404 for everyone: still a refusal, no fresh start needed.
      allowed: commentAuthors('DELETE'),
      request: () => ({ url: `${issue}/comment/10000` }),
    },
    {
      method: 'POST',
      route: `/rest/api/${version}/search`,
      allowed: browsers,
      request: () => ({ url: `/rest/api/${version}/search`, body: { jql: 'project = ACME', maxResults: 1 } }),
    },
    {
      method: 'POST',
      route: `${route}/worklog`,
      allowed: editors('WRITE'),
      request: () => ({
        url: `${issue}/worklog`,
        body: { timeSpentSeconds: 600, started: '2026-11-20T09:00:00.000+0000' },
      }),
    },
    {
      method: 'PUT',
      route: `${route}/worklog/:id`,
      allowed: commentAuthors('WRITE'),
      request: (_w, _k, n) => ({ url: `${issue}/worklog/10000`, body: { timeSpentSeconds: 60 * (n + 1) } }),
    },
    {
      method: 'DELETE',
      route: `${route}/worklog/:id`,
      // Once gone, the worklog is a 404 for everyone: still a refusal, no fresh start needed.
      allowed: commentAuthors('DELETE'),
      request: () => ({ url: `${issue}/worklog/10000` }),
    },
  ];
});

/** The searches read with a POST: those who may browse acme's issues (a READ app too) are answered. */
export const issueSearchRules: WriteRule[] = [
  {
    method: 'POST',
    route: '/rest/api/3/search/jql',
    allowed: browsers,
    request: () => ({ url: '/rest/api/3/search/jql', body: { jql: 'project = ACME', maxResults: 1 } }),
  },
];
