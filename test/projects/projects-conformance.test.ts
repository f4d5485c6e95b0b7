import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testBackends } from '../support/backends.ts';
import { SpecValidator } from '../support/openapi.ts';
import { demoIds, demoPerson, startTestVeil, type TestVeil } from '../support/test-veil.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
type Who = Parameters<typeof demoPerson>[0] | null;

/** One call, the operation of the official spec it belongs to, and the status it must answer with. */
interface Call {
  readonly operation: `${Method} ${string}`;
  readonly url: string;
  readonly status: number;
  readonly as: Who;
  readonly body?: unknown;
}

/** Every project, component and role operation, in one version, in an order that leaves each target in place. */
function projectCalls(version: '2' | '3'): Call[] {
  const call = (
    method: Method,
    path: string,
    query: string,
    status: number,
    as: Who = 'olivia',
    body?: unknown,
  ) => ({
    operation: `${method} /rest/api/3${path}` as const,
    url: `/rest/api/${version}${path.replace('{projectIdOrKey}', 'ACME').replace('{id}', '10000')}${query}`,
    status,
    as,
    ...(body !== undefined ? { body } : {}),
  });
  const key = `W${version}`;
  const created = (path: string) => path.replace('{projectIdOrKey}', key);
  return [
    call('GET', '/project/{projectIdOrKey}', '', 200, 'mia'),
    call('GET', '/project/{projectIdOrKey}', '?expand=lead', 200, 'noah'),
    { ...call('GET', '/project/{projectIdOrKey}', '', 404, 'mia'), url: `/rest/api/${version}/project/NOPE` },
    call('GET', '/project', '?expand=lead,description', 200, 'mia'),
    call('GET', '/project', '', 401, null),
    call('GET', '/project/search', '?expand=lead&maxResults=1', 200, 'mia'),
    call('GET', '/project/search', '?startAt=-1', 400, 'mia'),
    call('POST', '/project', '', 201, 'olivia', { key, name: 'Walked', leadAccountId: demoIds.ava }),
    call('POST', '/project', '', 400, 'olivia', { key, name: 'Again', leadAccountId: demoIds.ava }),
    call('POST', '/project', '', 403, 'mia', { key: 'XX', name: 'No', leadAccountId: demoIds.ava }),
    {
      ...call('PUT', '/project/{projectIdOrKey}', '', 200, 'olivia', { description: 'Walked' }),
      url: created(`/rest/api/${version}/project/{projectIdOrKey}`),
    },
    call('PUT', '/project/{projectIdOrKey}', '', 400, 'olivia', { assigneeType: 'NOBODY' }),
    call('PUT', '/project/{projectIdOrKey}', '', 403, 'mia', { name: 'No' }),
    call('GET', '/project/{projectIdOrKey}/components', '', 200, 'mia'),
    call('GET', '/project/{projectIdOrKey}/component', '?maxResults=2', 200, 'mia'),
    call('GET', '/component/{id}', '', 200, 'mia'),
    { ...call('GET', '/component/{id}', '', 404, 'mia'), url: `/rest/api/${version}/component/99999` },
    call('POST', '/component', '', 201, 'olivia', {
      project: key,
      name: 'Walk',
      leadAccountId: demoIds.liam,
    }),
    call('POST', '/component', '', 400, 'olivia', { project: 'ACME', name: 'Backend' }),
    call('PUT', '/component/{id}', '', 200, 'olivia', { description: 'Walked' }),
    call('PUT', '/component/{id}', '', 400, 'olivia', { leadAccountId: '5f0c1a9e2b7d4c8e9a1b3cff' }),
    call('GET', '/role', '', 200, 'olivia'),
    call('GET', '/role', '', 403, 'mia'),
    call('GET', '/project/{projectIdOrKey}/role', '', 200, 'mia'),
    call('GET', '/project/{projectIdOrKey}/role/{id}', '', 200, 'mia'),
    call('GET', '/project/{projectIdOrKey}/role/{id}', '?excludeInactiveUsers=true', 200, 'mia'),
    {
      ...call('POST', '/project/{projectIdOrKey}/role/{id}', '', 200, 'olivia', { user: [demoIds.liam] }),
      url: created(`/rest/api/${version}/project/{projectIdOrKey}/role/10000`),
    },
    call('POST', '/project/{projectIdOrKey}/role/{id}', '', 400, 'olivia', { group: ['no-such-group'] }),
    {
      ...call('PUT', '/project/{projectIdOrKey}/role/{id}', '', 200, 'olivia', {
        categorisedActors: { 'atlassian-group-role-actor': ['developers'] },
      }),
      url: created(`/rest/api/${version}/project/{projectIdOrKey}/role/10000`),
    },
    {
      ...call('DELETE', '/project/{projectIdOrKey}/role/{id}', '?group=developers', 204, 'olivia'),
      url: created(`/rest/api/${version}/project/{projectIdOrKey}/role/10000?group=developers`),
    },
    call('DELETE', '/project/{projectIdOrKey}/role/{id}', `?user=${demoIds.pat}`, 404, 'olivia'),
    call('DELETE', '/component/{id}', '', 403, 'mia'),
    {
      ...call('DELETE', '/project/{projectIdOrKey}', '', 204, 'olivia'),
      url: created(`/rest/api/${version}/project/{projectIdOrKey}`),
    },
  ];
}

const calls = [...projectCalls('3'), ...projectCalls('2')];

for (const backend of testBackends()) {
  describe(`project operations conform to the official spec on ${backend.name}`, () => {
    let veil: TestVeil;
    const validator = new SpecValidator();
    before(async () => {
      veil = await startTestVeil(backend);
    });
    after(() => veil.close());

    for (const call of calls) {
      it(`${call.operation} → ${call.status} (${call.url})`, async () => {
        const response = await veil.request({
          method: call.operation.split(' ')[0] as Method,
          url: call.url,
          ...(call.as ? { as: demoPerson(call.as) } : {}),
          ...(call.body !== undefined ? { body: call.body } : {}),
          headers: { host: 'acme.localhost' },
        });
        assert.equal(response.statusCode, call.status, response.body);
        const [method, path] = call.operation.split(' ') as [string, string];
        if (call.status >= 400) {
          assert.deepEqual(validator.validateComponent('jira', 'ErrorCollection', response.json()), []);
        } else if (call.status !== 204) {
          assert.ok(
            validator.hasResponseSchema('jira', method, path, call.status),
            'the spec documents a body',
          );
          assert.deepEqual(validator.validate('jira', method, path, call.status, response.json()), []);
        } else {
          assert.equal(response.body, '');
        }
      });
    }
  });
}
