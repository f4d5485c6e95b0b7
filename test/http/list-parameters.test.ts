import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { testBackends } from '../support/backends.ts';
import { demoIds, demoPerson, startTestVeil, type TestVeil } from '../support/test-veil.ts';

const { mia, noah, ava, liam, olivia } = demoIds;

/** One list parameter of a user route: the rest of the query, and values it may be given. */
interface ListParameterCase {
  readonly path: string;
  readonly fixed: string;
  readonly name: string;
  readonly values: readonly string[];
  readonly as?: Parameters<typeof demoPerson>[0];
}

/** Every list parameter of the user routes, with values the demo world knows. */
const cases: readonly ListParameterCase[] = [
  ...(['2', '3'] as const).flatMap((v) => [
    { path: `/rest/api/${v}/myself`, fixed: '', name: 'expand', values: ['groups', 'applicationRoles'] },
    {
      path: `/rest/api/${v}/user`,
      fixed: `accountId=${mia}`,
      name: 'expand',
      values: ['groups', 'applicationRoles'],
    },
    { path: `/rest/api/${v}/user/bulk`, fixed: '', name: 'accountId', values: [mia, noah, ava, liam] },
  ]),
  {
    path: '/rest/api/3/user/assignable/multiProjectSearch',
    fixed: 'query=a',
    name: 'projectKeys',
    values: ['ACME', 'HELP'],
  },
  {
    path: '/rest/api/3/user/permission/search',
    fixed: 'projectKey=ACME',
    name: 'permissions',
    values: ['BROWSE_PROJECTS', 'ADD_COMMENTS', 'ADMINISTER'],
  },
  {
    path: '/rest/api/3/user/picker',
    fixed: 'query=',
    name: 'excludeAccountIds',
    values: [mia, noah, olivia],
  },
  {
    path: '/rest/api/3/group/bulk',
    fixed: '',
    name: 'groupName',
    values: ['developers', 'jira-users'],
    as: 'olivia',
  },
  { path: '/rest/api/3/user/bulk/migration', fixed: '', name: 'username', values: ['mia', 'noah'] },
  { path: '/wiki/rest/api/user/bulk', fixed: '', name: 'accountId', values: [mia, noah, ava] },
  {
    path: '/wiki/rest/api/user',
    fixed: `accountId=${mia}`,
    name: 'expand',
    values: ['operations', 'personalSpace'],
  },
];

type Form = 'repeated' | 'comma' | 'encoded';

function queryOf(entry: ListParameterCase, values: readonly string[], form: Form): string {
  const list =
    form === 'repeated'
      ? values.map((value) => `${entry.name}=${encodeURIComponent(value)}`).join('&')
      : `${entry.name}=${values.map(encodeURIComponent).join(form === 'comma' ? ',' : '%2C')}`;
  return [entry.fixed, list].filter(Boolean).join('&');
}

/** The answer without what names the request itself (a page's `self`, `nextPage`, `_links.self`). */
function comparable(body: unknown): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  const { self: _self, nextPage: _next, _links, ...rest } = body as Record<string, unknown>;
  if (_links === undefined) return rest;
  const { self: _linkSelf, ...links } = _links as Record<string, unknown>;
  return { ...rest, _links: links };
}

for (const backend of testBackends()) {
  describe(`list parameters of the user routes on ${backend.name}`, () => {
    let veil: TestVeil;
    before(async () => {
      veil = await startTestVeil(backend);
    });
    after(() => veil.close());

    const answer = async (entry: ListParameterCase, values: readonly string[], form: Form) => {
      const response = await veil.request({
        url: `${entry.path}?${queryOf(entry, values, form)}`,
        as: demoPerson(entry.as ?? 'mia'),
        headers: { host: 'acme.localhost' },
      });
      return { status: response.statusCode, body: comparable(response.json()) };
    };

    it('answers the same whether a list is repeated, comma-separated or joined by an encoded comma', async () => {
      const arbitrary = fc
        .constantFrom(...cases)
        .chain((entry) =>
          fc.tuple(
            fc.constant(entry),
            fc.subarray([...entry.values], { minLength: 1 }),
            fc.constantFrom<Form>('comma', 'encoded'),
          ),
        );
      await fc.assert(
        fc.asyncProperty(arbitrary, async ([entry, values, form]) => {
          const repeated = await answer(entry, values, 'repeated');
          assert.equal(repeated.status, 200, `${entry.path} ${entry.name}: ${JSON.stringify(repeated.body)}`);
          assert.deepEqual(
            await answer(entry, values, form),
            repeated,
            `${entry.path} ${entry.name} ${form}`,
          );
        }),
        { numRuns: 60 },
      );
    });

    it('walks every list parameter in all three forms at least once', async () => {
      for (const entry of cases) {
        const repeated = await answer(entry, entry.values, 'repeated');
        assert.equal(repeated.status, 200, `${entry.path}: ${JSON.stringify(repeated.body)}`);
        for (const form of ['comma', 'encoded'] as const)
          assert.deepEqual(await answer(entry, entry.values, form), repeated, `${entry.path} ${form}`);
      }
    });

    it('reads both expansions of myself and a blank picker query as a page of people', async () => {
      const me = await answer(cases[0]!, ['groups', 'applicationRoles'], 'repeated');
      const body = me.body as { groups?: { size: number }; applicationRoles?: { size: number } };
      assert.ok(body.groups && body.groups.size > 0, 'groups expanded');
      assert.ok(body.applicationRoles && body.applicationRoles.size > 0, 'roles expanded');
      const picker = await veil.request({
        url: '/rest/api/3/user/picker?query=&maxResults=5',
        as: demoPerson('mia'),
        headers: { host: 'acme.localhost' },
      });
      assert.equal(picker.statusCode, 200, picker.body);
      assert.equal(typeof picker.json().total, 'number');
      assert.ok(picker.json().users.length > 0 && picker.json().users.length <= 5);
      const search = await veil.request({
        url: '/rest/api/3/user/search?query=&maxResults=1',
        as: demoPerson('mia'),
        headers: { host: 'acme.localhost' },
      });
      assert.equal(search.statusCode, 200, search.body);
      assert.equal(search.json().length, 1);
    });
  });
}
