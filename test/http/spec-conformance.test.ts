import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testBackends } from '../support/backends.ts';
import { type SpecName, SpecValidator } from '../support/openapi.ts';
import { demoIds, demoPerson, startTestVeil, type TestVeil } from '../support/test-veil.ts';

/** One call, the operation of the official spec it belongs to, and the status it must answer with. */
interface Call {
  readonly spec: SpecName;
  readonly operation: `${'GET' | 'POST' | 'PUT' | 'DELETE'} ${string}`;
  readonly url: string;
  readonly status: number;
  readonly as?: Parameters<typeof demoPerson>[0] | null;
  readonly host?: string;
  readonly body?: unknown;
}

const { mia, noah, liam, ava } = demoIds;

/** Calls for every user operation, in both tracker versions where the spec has them. */
function trackerCalls(version: '2' | '3'): Call[] {
  const op = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string) =>
    `${method} /rest/api/3${path}` as const;
  const base = `/rest/api/${version}`;
  return [
    {
      spec: 'jira',
      operation: op('GET', '/user'),
      url: `${base}/user?accountId=${mia}&expand=groups,applicationRoles`,
      status: 200,
    },
    {
      spec: 'jira',
      operation: op('GET', '/user'),
      url: `${base}/user?accountId=${liam}`,
      status: 200,
      as: 'noah',
    },
    {
      spec: 'jira',
      operation: op('GET', '/user'),
      url: `${base}/user?accountId=ffffffffffffffffffffffff`,
      status: 404,
    },
    { spec: 'jira', operation: op('GET', '/user'), url: `${base}/user`, status: 400 },
    {
      spec: 'jira',
      operation: op('GET', '/user/bulk'),
      url: `${base}/user/bulk?accountId=${mia}&accountId=${noah},${ava}&maxResults=2`,
      status: 200,
    },
    { spec: 'jira', operation: op('GET', '/user/bulk'), url: `${base}/user/bulk`, status: 400 },
    { spec: 'jira', operation: op('GET', '/myself'), url: `${base}/myself?expand=groups`, status: 200 },
    { spec: 'jira', operation: op('GET', '/myself'), url: `${base}/myself`, status: 401, as: null },
    {
      spec: 'jira',
      operation: op('GET', '/user/groups'),
      url: `${base}/user/groups?accountId=${mia}`,
      status: 200,
    },
    {
      spec: 'jira',
      operation: op('GET', '/user/groups'),
      url: `${base}/user/groups?accountId=ffffffffffffffffffffffff`,
      status: 404,
    },
  ];
}

const calls: Call[] = [...trackerCalls('3'), ...trackerCalls('2')];

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
          method: call.operation.split(' ')[0] as 'GET' | 'POST' | 'PUT' | 'DELETE',
          url: call.url,
          ...(who ? { as: demoPerson(who) } : {}),
          ...(call.body !== undefined ? { body: call.body } : {}),
          headers: { host: call.host ?? 'acme.localhost' },
        });
        assert.equal(response.statusCode, call.status, response.body);
        const [method, path] = call.operation.split(' ') as [string, string];
        if (call.status >= 400 && call.spec === 'jira') {
          assert.deepEqual(
            validator.validateComponent('jira', 'ErrorCollection', response.json()),
            [],
            'an ErrorCollection',
          );
        } else if (validator.hasResponseSchema(call.spec, method, path, call.status)) {
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
