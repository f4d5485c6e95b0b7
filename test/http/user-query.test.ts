import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { demoScenarioPath } from '../../src/cli/start.ts';
import { readScenarioFile } from '../../src/scenarios/scenario.loader.ts';
import type { Scenario } from '../../src/scenarios/scenario.schemas.ts';
import { type ListeningVeil, signAppRequest, type TestApp } from '../connect/connect-support.ts';
import { testBackends } from '../support/backends.ts';
import { startConnectTestbed } from '../support/connect-testbed.ts';
import { SpecValidator } from '../support/openapi.ts';
import { demoIds, demoPerson, startTestVeil } from '../support/test-veil.ts';

type Person = Parameters<typeof demoPerson>[0];
type Who = Person | 'app' | 'other' | null;
const { pat, mia, noah, ava, liam, olivia, sofia } = demoIds;

interface PageOfUsers {
  startAt: number;
  maxResults: number;
  total: number;
  isLast: boolean;
  nextPage?: string;
  values: { accountId: string; displayName?: string; key?: string }[];
}

const sorted = (ids: string[]) => [...ids].sort();

/**
 * The structured user query: who stands in a relation to issues, found only on issues the caller may
 * browse (and comments it may read), each user as the caller sees them, paged.
 */
for (const backend of testBackends()) {
  describe(`structured user query on ${backend.name}`, () => {
    let veil: ListeningVeil;
    let reader: TestApp;
    let other: TestApp;
    const validator = new SpecValidator();
    before(async () => {
      ({ veil, reader, other } = await startConnectTestbed(backend, {
        reader: { key: 'com.example.query-reader', scopes: ['READ', 'WRITE'] },
        other: { key: 'com.example.query-other', scopes: ['READ', 'WRITE'] },
      }));
    });
    after(() => veil.close());

    const asApp = (who: 'app' | 'other', method: 'GET' | 'PUT', url: string, body?: unknown) => {
      const [app, iss] =
        who === 'app' ? [reader, 'com.example.query-reader'] : [other, 'com.example.query-other'];
      const jwt = signAppRequest(app.credentials(), veil, method, url, { iss });
      return veil.request({
        method,
        url,
        headers: { authorization: `JWT ${jwt}` },
        ...(body ? { body } : {}),
      });
    };
    const get = (url: string, who: Who, host?: string) => {
      const headers: Record<string, string> = host ? { host } : {};
      if (who === 'app' || who === 'other') return asApp(who, 'GET', url);
      return veil.request({ url, headers, ...(who ? { as: demoPerson(who) } : {}) });
    };
    const page = async (query: string, who: Who = 'mia', extra = '', path = '/user/search/query') => {
      const url = `/rest/api/3${path}?query=${encodeURIComponent(query)}${extra}`;
      const response = await get(url, who);
      assert.equal(response.statusCode, 200, `${query}: ${response.body}`);
      const body = response.json() as PageOfUsers;
      const operation = `/rest/api/3${path}`;
      assert.deepEqual(validator.validate('jira', 'GET', operation, 200, body), [], query);
      return body;
    };
    const found = async (query: string, who: Who = 'mia') =>
      sorted((await page(query, who)).values.map((u) => u.accountId));

    it('finds the people of each relation to an issue', async () => {
      assert.deepEqual(await found('is assignee of ACME-1'), [noah]);
      assert.deepEqual(await found('is reporter of (ACME-1, ACME-3)'), sorted([mia, olivia]));
      assert.deepEqual(await found('is watcher of ACME-1'), sorted([mia, liam, ava]));
      assert.deepEqual(await found('is voter of ACME-1'), sorted([noah, olivia]));
      assert.deepEqual(await found('is commenter of ACME-1'), sorted([noah, liam]));
      assert.deepEqual(await found('is transitioner of (ACME-1, ACME-3)'), sorted([mia, olivia]));
      // ACME-2's history changed the assignee only: nobody transitioned it.
      assert.deepEqual(await found('is transitioner of ACME-2'), []);
      assert.deepEqual(await found('IS Assignee OF acme-1'), [noah], 'keywords and keys in any case');
      assert.deepEqual(await found('is assignee of ACME-99999'), [], 'an unknown issue names nobody');
    });

    it('reads a project key as every issue of the project, and leaves out deactivated people', async () => {
      assert.deepEqual(await found('is assignee of ACME'), sorted([pat, mia, noah, ava, liam, olivia]));
      // Ethan reported ACME-2 but is deactivated: the other searches do not answer him either.
      assert.deepEqual(await found('is reporter of ACME-2'), []);
    });

    it('combines clauses with and, or and parentheses', async () => {
      assert.deepEqual(await found('is watcher of ACME-1 and is voter of ACME-8'), sorted([mia, liam]));
      assert.deepEqual(
        await found('is assignee of ACME-1 or is voter of ACME-3 or is reporter of ACME-3'),
        sorted([noah, olivia]),
      );
      assert.deepEqual(
        await found('(is assignee of ACME-1 or is voter of ACME-6) and is watcher of ACME-6'),
        sorted([noah, sofia]),
      );
      assert.deepEqual(await found('is assignee of ACME-1 or is voter of ACME-6 and is watcher of ACME-1'), [
        noah,
      ]);
    });

    it('renders each user exactly as user/search does for the same caller, in display-name order', async () => {
      for (const who of ['mia', 'noah', 'olivia'] as const) {
        const { values } = await page('is assignee of ACME or is watcher of ACME', who);
        for (const user of values) {
          const search = await get(`/rest/api/3/user/search?accountId=${user.accountId}`, who);
          assert.deepEqual([user], search.json(), `${who} sees ${user.accountId}`);
        }
        const all = await get('/rest/api/3/user/search?query=&maxResults=1000', who);
        const order = (all.json() as { accountId: string }[]).map((u) => u.accountId);
        const ids = values.map((u) => u.accountId);
        assert.deepEqual(
          ids,
          order.filter((id) => ids.includes(id)),
          'the order of user/search',
        );
      }
    });

    it('pages the matches', async () => {
      const whole = await page('is assignee of ACME');
      assert.equal(whole.total, 6);
      assert.equal(whole.isLast, true);
      const pieces: string[] = [];
      for (let startAt = 0; startAt < 6; startAt += 4) {
        const part = await page('is assignee of ACME', 'mia', `&startAt=${startAt}&maxResults=4`);
        assert.equal(part.isLast, startAt + 4 >= 6);
        assert.equal(part.nextPage !== undefined, !part.isLast);
        pieces.push(...part.values.map((u) => u.accountId));
      }
      assert.deepEqual(
        pieces,
        whole.values.map((u) => u.accountId),
      );
    });

    it('answers accountIds only from /key, with the spec page size parameter', async () => {
      const keys = await page('is assignee of ACME', 'mia', '&maxResult=2', '/user/search/query/key');
      assert.equal(keys.values.length, 2);
      assert.equal(keys.total, 6);
      for (const value of keys.values) assert.deepEqual(Object.keys(value), ['accountId']);
    });

    it('refuses unsupported or malformed queries with a 400 naming the problem', async () => {
      const cases = [
        '',
        'is assignee of',
        'is creator of ACME-1',
        '[location].office.city is Sydney',
        '[location].office.city is',
        '[location].office.city = "Sydney"',
        '[location.office.city is "Sydney"',
        'is assignee of ACME-1 and',
        'is assignee of (ACME-1',
        'is assignee of ACME-1 ACME-2',
        'assignee of ACME-1',
        'is assignee of ACME-1 not is reporter of ACME-1',
      ];
      for (const query of cases) {
        const response = await get(`/rest/api/3/user/search/query?query=${encodeURIComponent(query)}`, 'mia');
        assert.equal(response.statusCode, 400, `${query}: ${response.body}`);
        const body = response.json() as { errorMessages: string[]; errors: Record<string, string> };
        assert.ok(body.errors.query, query);
      }
      const missing = await get('/rest/api/2/user/search/query/key', 'mia');
      assert.equal(missing.statusCode, 400);
    });

    it('lets an app with READ query, and hides from it the comments it cannot read', async () => {
      assert.deepEqual(await found('is watcher of ACME-1', 'app'), sorted([mia, liam, ava]));
      // ACME-5's only comment is restricted to jira-users: Mia reads it, the app does not.
      assert.deepEqual(await found('is commenter of ACME-5', 'mia'), [ava]);
      assert.deepEqual(await found('is commenter of ACME-5', 'app'), []);
    });

    it('matches property clauses on the properties the calling app wrote, and only for that app', async () => {
      const put = async (who: 'app' | 'other', accountId: string, value: unknown) => {
        const url = `/rest/api/3/user/properties/location?accountId=${accountId}`;
        const response = await asApp(who, 'PUT', url, value);
        assert.ok([200, 201].includes(response.statusCode), response.body);
      };
      await put('app', mia, { office: { country: 'AU', city: 'Sydney' }, floor: 3 });
      await put('app', noah, { office: { country: 'NZ', city: 'Auckland' } });
      await put('other', liam, { office: { city: 'Sydney' } });
      const sydney = '[location].office.city is "Sydney"';
      assert.deepEqual(await found(sydney, 'app'), [mia]);
      assert.deepEqual(await found('[location].floor is "3"', 'app'), [mia], 'numbers compare as text');
      assert.deepEqual(await found('[location].office is "Sydney"', 'app'), [], 'an object is no value');
      assert.deepEqual(await found(sydney, 'other'), [liam], 'each app its own properties');
      assert.deepEqual(await found(sydney, 'mia'), [], 'people match no property');
      assert.deepEqual(await found(sydney, 'olivia'), [], 'site admins neither');
      assert.deepEqual(
        await found(`is watcher of ACME-1 and ${sydney}`, 'app'),
        [mia],
        'combined with relations, as the spec example',
      );
      assert.deepEqual(await found(`is assignee of ACME-1 or ${sydney}`, 'app'), sorted([mia, noah]));
    });

    it('finds nobody by issues of another site, and refuses anonymous callers', async () => {
      const url = `/rest/api/3/user/search/query?query=${encodeURIComponent('is watcher of ACME-1')}`;
      const elsewhere = await get(url, 'noah', 'globex.localhost');
      assert.equal(elsewhere.statusCode, 200, elsewhere.body);
      assert.deepEqual((elsewhere.json() as PageOfUsers).values, []);
      const anonymous = await get(url, null, 'globex.localhost');
      assert.equal(anonymous.statusCode, 401, anonymous.body);
    });
  });

  describe(`structured user query for a person who cannot browse issues on ${backend.name}`, () => {
    it('finds nobody by a relation on issues the caller cannot browse', async () => {
      const { scenario } = await readScenarioFile(demoScenarioPath);
      const changed = structuredClone(scenario) as Scenario & {
        accounts: { accountId?: string; sites?: Record<string, { products: string[] }> }[];
      };
      const account = changed.accounts.find((a) => a.accountId === sofia);
      if (!account?.sites?.acme) throw new Error('the demo has changed: Sofia is not on acme');
      account.sites.acme.products = ['confluence'];
      const veil = await startTestVeil(backend, changed);
      try {
        const url = `/rest/api/3/user/search/query?query=${encodeURIComponent('is watcher of ACME-1')}`;
        const asSofia = await veil.request({
          url,
          as: demoPerson('sofia'),
          headers: { host: 'acme.localhost' },
        });
        assert.equal(asSofia.statusCode, 200, asSofia.body);
        assert.deepEqual((asSofia.json() as PageOfUsers).values, []);
        const asMia = await veil.request({ url, as: demoPerson('mia'), headers: { host: 'acme.localhost' } });
        assert.equal((asMia.json() as PageOfUsers).values.length, 3);
      } finally {
        await veil.close();
      }
    });
  });
}
