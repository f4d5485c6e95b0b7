import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testBackends } from '../support/backends.ts';
import { type SpecName, SpecValidator } from '../support/openapi.ts';
import { demoIds, demoPerson, startTestVeil, type TestVeil } from '../support/test-veil.ts';

/** One call, the operation of the official spec it belongs to, and the status it must answer with. */
interface Call {
  readonly spec: SpecName;
  readonly operation: `${Method} ${string}`;
  readonly url: string;
  readonly status: number;
  readonly as?: Who;
  readonly host?: string;
  readonly body?: unknown;
}

const { mia, noah, liam, ava } = demoIds;

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
type Who = Parameters<typeof demoPerson>[0] | null;

/** Calls for every user operation of the tracker, in one version (the spec names them under v3). */
function trackerCalls(version: '2' | '3'): Call[] {
  const base = `/rest/api/${version}`;
  const call = (
    method: Method,
    path: string,
    query: string,
    status: number,
    as?: Who,
    body?: unknown,
  ): Call => ({
    spec: 'jira',
    operation: `${method} /rest/api/3${path}`,
    url: `${base}${path}${query}`,
    status,
    ...(as !== undefined ? { as } : {}),
    ...(body !== undefined ? { body } : {}),
  });
  const group = `spec-${version}`;
  return [
    call('GET', '/user', `?accountId=${mia}&expand=groups,applicationRoles`, 200),
    call('GET', '/user', `?accountId=${liam}`, 200, 'noah'),
    call('GET', '/user', '?accountId=ffffffffffffffffffffffff', 404),
    call('GET', '/user', '', 400),
    call('GET', '/user/bulk', `?accountId=${mia}&accountId=${noah},${ava}&maxResults=2`, 200),
    call('GET', '/user/bulk', '', 400),
    call('GET', '/myself', '?expand=groups', 200),
    call('GET', '/myself', '?expand=groups&expand=applicationRoles', 200),
    call('GET', '/user', `?accountId=${mia}&expand=groups&expand=applicationRoles`, 200),
    call('GET', '/myself', '', 401, null),
    call('GET', '/user/groups', `?accountId=${mia}`, 200),
    call('GET', '/user/groups', '?accountId=ffffffffffffffffffffffff', 404),
    call('GET', '/user/search', '?query=mi', 200),
    call('GET', '/user/search', `?query=mi&accountId=${mia}`, 400),
    call('GET', '/user/assignable/search', '?project=ACME&query=a', 200),
    call('GET', '/user/assignable/search', '?project=NOPE', 404),
    call('GET', '/user/assignable/multiProjectSearch', '?projectKeys=ACME,HELP', 200),
    call('GET', '/user/assignable/multiProjectSearch', '?query=a&projectKeys=ACME&projectKeys=HELP', 200),
    call('GET', '/user/viewissue/search', '?projectKey=ACME&query=o', 200),
    call('GET', '/user/viewissue/search', '?projectKey=ACME', 400),
    call('GET', '/user/search', '?query=&maxResults=1', 200),
    call('GET', '/user/picker', '?query=&maxResults=5', 200),
    call(
      'GET',
      '/user/permission/search',
      '?permissions=BROWSE_PROJECTS&permissions=ADD_COMMENTS&projectKey=ACME',
      200,
    ),
    call('GET', '/user/permission/search', '?permissions=BROWSE_PROJECTS&projectKey=ACME', 200),
    call('GET', '/user/picker', '?query=kry&showAvatar=true', 200),
    call('GET', '/user/picker', '', 400),
    call(
      'GET',
      '/user/search/query',
      `?query=${encodeURIComponent('is watcher of ACME-1 or is assignee of ACME')}`,
      200,
    ),
    call('GET', '/user/search/query', '?query=is%20watcher%20of&maxResults=1', 400),
    call(
      'GET',
      '/user/search/query/key',
      `?query=${encodeURIComponent('is voter of (ACME-1, ACME-8)')}&maxResult=1`,
      200,
    ),
    call('GET', '/user/search/query/key', `?query=${encodeURIComponent('is creator of ACME-1')}`, 400),
    call('GET', '/users/search', '?maxResults=5', 200, 'olivia'),
    call('GET', '/group/member', '?groupname=developers', 200, 'olivia'),
    call('GET', '/group/member', '?groupname=developers&maxResults=51', 400, 'olivia'),
    call('GET', '/groups/picker', '?query=dev', 200),
    call('GET', '/group/bulk', '?groupName=developers', 200, 'olivia'),
    call('POST', '/group', '', 201, 'olivia', { name: group }),
    call('POST', '/group/user', `?groupname=${group}`, 201, 'olivia', { accountId: noah }),
    call('DELETE', '/group/user', `?groupname=${group}&accountId=${noah}`, 200, 'olivia'),
    call('DELETE', '/group', `?groupname=${group}`, 200, 'olivia'),
    call('POST', '/group', '', 403, 'noah', { name: 'not-allowed' }),
    call('POST', '/user', '', 201, 'olivia', {
      emailAddress: `new-${version}@example.net`,
      products: ['jira-software'],
    }),
    call('POST', '/user', '', 400, 'olivia', { products: [] }),
    call('PUT', '/myself', '', 410, 'mia', {}),
    call('GET', '/jql/autocompletedata', '', 200),
    call('POST', '/jql/autocompletedata', '', 200, 'mia', { projectIds: [10000] }),
    call('POST', '/jql/autocompletedata', '', 400, 'mia', { projectIds: 'ACME' }),
    call('GET', '/jql/autocompletedata/suggestions', '?fieldName=assignee&fieldValue=kr', 200),
    call('PUT', '/user/columns', '', 200, 'mia', { columns: ['summary', 'status'] }),
    call('GET', '/user/columns', '', 200),
    call('PUT', '/user/columns', `?accountId=${noah}`, 403, 'mia', { columns: ['summary'] }),
    call('DELETE', '/user/columns', '', 204),
    call('GET', '/mypreferences/locale', '', 200),
    call('PUT', '/mypreferences/locale', '', 204, 'mia', { locale: 'en_GB' }),
    call('PUT', '/mypreferences/locale', '', 400, 'mia', { locale: '!!' }),
    call('GET', '/user/bulk/migration', '?username=mia&username=noah', 200),
    call('GET', '/user/bulk/migration', '?username=mia&key=mia', 400),
    ...(version === '3'
      ? [
          call('POST', '/jql/pdcleaner', '', 200, 'mia', {
            queryStrings: ['assignee = mia', 'project = ACME'],
          }),
          call('POST', '/jql/pdcleaner', '', 400, 'mia', { queryStrings: ['assignee = '] }),
          call('POST', '/jql/parse', '?validation=strict', 200, 'mia', {
            queries: ['assignee = mia', 'bad query'],
          }),
        ]
      : []),
  ];
}

/** Calls for the issue operations of the tracker, in one version (the spec names them under v3). */
function issueCalls(version: '2' | '3'): Call[] {
  const call = (method: Method, template: string, url: string, status: number, body?: unknown): Call => ({
    spec: 'jira',
    operation: `${method} /rest/api/3${template}`,
    url: `/rest/api/${version}${url}`,
    status,
    ...(body !== undefined ? { body } : {}),
  });
  const one = '/issue/{issueIdOrKey}';
  const text =
    version === '2'
      ? 'Checked [~accountid:5f0c1a9e2b7d4c8e9a1b3c02]'
      : { type: 'doc', version: 1, content: [] };
  const create = {
    fields: { project: { key: 'HELP' }, issuetype: { name: 'Bug' }, summary: 'Spec', description: text },
  };
  return [
    call('POST', '/issue', '/issue', 201, create),
    call('POST', '/issue', '/issue', 400, { fields: { summary: 'No project' } }),
    call('GET', one, '/issue/ACME-1?expand=changelog,renderedFields,names', 200),
    call('GET', one, '/issue/ACME-999', 404),
    call('PUT', one, '/issue/ACME-3', 204, {
      fields: { labels: ['spec'], customfield_10010: { accountId: mia } },
    }),
    call('PUT', `${one}/assignee`, '/issue/ACME-3/assignee', 204, { accountId: noah }),
    call('GET', `${one}/watchers`, '/issue/ACME-1/watchers', 200),
    call('POST', `${one}/watchers`, '/issue/ACME-3/watchers', 204, JSON.stringify(mia)),
    call('DELETE', `${one}/watchers`, `/issue/ACME-3/watchers?accountId=${mia}`, 204),
    call('GET', `${one}/votes`, '/issue/ACME-1/votes', 200),
    call('POST', `${one}/votes`, '/issue/ACME-3/votes', 204),
    call('DELETE', `${one}/votes`, '/issue/ACME-3/votes', 204),
    call('GET', `${one}/transitions`, '/issue/ACME-3/transitions', 200),
    call('POST', `${one}/transitions`, '/issue/ACME-3/transitions', 400, { transition: { id: '99' } }),
    call('GET', `${one}/changelog`, '/issue/ACME-3/changelog?maxResults=1', 200),
    call('GET', `${one}/comment`, '/issue/ACME-1/comment?expand=renderedBody', 200),
    call('POST', `${one}/comment`, '/issue/ACME-4/comment', 201, { body: text }),
    call('GET', `${one}/comment/{id}`, '/issue/ACME-1/comment/10000', 200),
    call('GET', `${one}/comment/{id}`, '/issue/ACME-1/comment/1', 404),
    call('GET', '/search', '/search?jql=project%3DACME%20ORDER%20BY%20key&expand=names&maxResults=3', 200),
    call('POST', '/search', '/search', 200, {
      jql: 'assignee is EMPTY',
      fields: ['*all'],
      expand: ['changelog'],
    }),
    call('GET', '/search', '/search?jql=nosuch%3D1', 400),
    ...(version === '3'
      ? [
          call('GET', '/search/jql', '/search/jql?jql=project%3DACME&maxResults=2', 200),
          call('POST', '/search/jql', '/search/jql', 200, {
            jql: 'watcher is not EMPTY',
            fields: ['*navigable'],
          }),
          call('POST', '/search/jql', '/search/jql', 400, { jql: 'assignee ~ x' }),
        ]
      : []),
    call('GET', `${one}/worklog`, '/issue/ACME-1/worklog', 200),
    call('POST', `${one}/worklog`, '/issue/ACME-4/worklog', 201, {
      timeSpent: '2h',
      started: '2026-11-20T09:00:00.000+0000',
      comment: text,
    }),
    call('POST', `${one}/worklog`, '/issue/ACME-4/worklog', 400, { timeSpent: '2h' }),
    call('GET', `${one}/worklog/{id}`, '/issue/ACME-1/worklog/10000', 200),
    // Liam's worklog, changed by a site admin.
    {
      ...call('PUT', `${one}/worklog/{id}`, '/issue/ACME-1/worklog/10001', 200, { timeSpentSeconds: 900 }),
      as: 'olivia',
    },
    call('GET', `${one}/worklog/{id}`, '/issue/ACME-1/worklog/1', 404),
  ];
}

/** The wiki's calls: v1 user operations (named by their full path) and the v2 bulk lookup. */
function wikiCalls(): Call[] {
  const v1 = (path: string, query: string): Call => ({
    spec: 'confluence1',
    operation: `GET /wiki/rest/api${path}`,
    url: `/wiki/rest/api${path}${query}`,
    status: 200,
    as: 'ava',
  });
  return [
    v1('/user', `?accountId=${mia}`),
    v1('/user', `?accountId=${liam}`),
    v1('/user/current', ''),
    v1('/user/anonymous', ''),
    v1('/user/bulk', `?accountId=${mia},${ava}`),
    v1('/user/memberof', `?accountId=${mia}`),
    v1('/user/bulk/migration', '?username=mia'),
    v1('/group', '?limit=2'),
    v1('/group/picker', '?query=dev'),
    v1('/group/by-name', '?name=developers'),
    v1('/group/member', '?name=developers'),
    { ...v1('/group/{groupName}', ''), url: '/wiki/rest/api/group/developers' },
    { ...v1('/group/{groupName}/member', ''), url: '/wiki/rest/api/group/developers/member?limit=5' },
    {
      ...v1('/group', ''),
      operation: 'POST /wiki/rest/api/group',
      status: 201,
      as: 'olivia',
      body: { name: 'spec-wiki' },
    },
    {
      ...v1('/group/user', '?name=spec-wiki'),
      operation: 'POST /wiki/rest/api/group/user',
      status: 201,
      as: 'olivia',
      body: { accountId: mia },
    },
    {
      ...v1('/group/user', `?name=spec-wiki&accountId=${mia}`),
      operation: 'DELETE /wiki/rest/api/group/user',
      status: 204,
      as: 'olivia',
    },
    {
      ...v1('/group', '?name=spec-wiki'),
      operation: 'DELETE /wiki/rest/api/group',
      status: 204,
      as: 'olivia',
    },
    {
      spec: 'confluence2',
      operation: 'POST /users-bulk',
      url: '/wiki/api/v2/users-bulk',
      body: { accountIds: [mia, liam] },
      status: 200,
      as: 'ava',
    },
  ];
}

const calls: Call[] = [
  ...trackerCalls('3'),
  ...trackerCalls('2'),
  ...issueCalls('3'),
  ...issueCalls('2'),
  ...wikiCalls(),
];

for (const backend of testBackends()) {
  describe(`responses conform to the official specs on ${backend.name}`, () => {
    let veil: TestVeil;
    const validator = new SpecValidator();
    before(async () => {
      veil = await startTestVeil(backend);
    });
    after(() => veil.close());

    for (const call of calls) {
      it(`${call.operation} → ${call.status} (${call.url})`, async () => {
        const who = call.as === undefined ? 'mia' : call.as;
        const response = await veil.request({
          method: call.operation.split(' ')[0] as Method,
          url: call.url,
          ...(who ? { as: demoPerson(who) } : {}),
          ...(call.body !== undefined ? { body: call.body } : {}),
          // A JSON string body (the watcher to add) is sent as JSON, as clients do.
          headers: {
            host: call.host ?? 'acme.localhost',
            ...(typeof call.body === 'string' ? { 'content-type': 'application/json' } : {}),
          },
        });
        assert.equal(response.statusCode, call.status, response.body);
        const [method, path] = call.operation.split(' ') as [string, string];
        if (call.status >= 400 && call.spec === 'jira') {
          assert.deepEqual(
            validator.validateComponent('jira', 'ErrorCollection', response.json()),
            [],
            'an ErrorCollection',
          );
        } else if (call.status !== 204 && validator.hasResponseSchema(call.spec, method, path, call.status)) {
          // (Some 204s are documented with a JSON body; No Content has none, as the tracker answers.)
          assert.deepEqual(validator.validate(call.spec, method, path, call.status, response.json()), []);
        } else {
          assert.ok(
            call.status === 204 || response.body === '' || call.status >= 400,
            'the spec documents no body',
          );
        }
      });
    }
  });
}
