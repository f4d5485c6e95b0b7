import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testBackends } from '../support/backends.ts';
import { migrationIds, migrationPerson, readMigrationScenario } from '../support/migration-world.ts';
import { SpecValidator } from '../support/openapi.ts';
import { startTestVeil, type TestRequest, type TestVeil } from '../support/test-veil.ts';

const { mia, noah, liam } = migrationIds;
const spec = new SpecValidator();

for (const backend of testBackends()) {
  describe(`bulk migration on ${backend.name}`, () => {
    let veil: TestVeil;
    before(async () => {
      veil = await startTestVeil(backend, await readMigrationScenario());
    });
    after(() => veil.close());

    const get = (url: string, rest: Partial<TestRequest> = {}) =>
      veil.request({ url, as: migrationPerson('mia'), headers: { host: 'legacy.localhost' }, ...rest });

    it('maps usernames to accountIds in the order asked, on v2 and v3, as the spec shapes it', async () => {
      for (const version of ['2', '3']) {
        const response = await get(
          `/rest/api/${version}/user/bulk/migration?username=nbrenner&username=nobody&username=MIA&username=liam`,
        );
        assert.equal(response.statusCode, 200, response.body);
        assert.deepEqual(
          spec.validate('jira', 'GET', '/rest/api/3/user/bulk/migration', 200, response.json()),
          [],
        );
        assert.deepEqual(response.json(), [
          { username: 'nbrenner', accountId: noah },
          { username: 'MIA', accountId: mia },
          { username: 'liam', accountId: liam },
        ]);
      }
    });

    it('maps keys, pages with startAt and maxResults (default 10), and reads jira.js 5 multi-values', async () => {
      const keys = await get('/rest/api/3/user/bulk/migration?key=JIRAUSER10100,mia');
      assert.deepEqual(keys.json(), [
        { key: 'JIRAUSER10100', accountId: noah },
        { key: 'mia', accountId: mia },
      ]);
      const page = await get(
        '/rest/api/3/user/bulk/migration?username=mia&username=liam&username=pat&startAt=1&maxResults=1',
      );
      assert.deepEqual(page.json(), [{ username: 'liam', accountId: liam }]);
      const mangled = await get('/rest/api/3/user/bulk/migration?username=mia%26username%3Dliam');
      assert.equal(mangled.json().length, 2);
    });

    it('refuses both username and key, and neither, with the tracker error body', async () => {
      for (const query of ['username=mia&key=mia', '']) {
        const response = await get(`/rest/api/3/user/bulk/migration?${query}`);
        assert.equal(response.statusCode, 400, response.body);
        assert.deepEqual(spec.validateComponent('jira', 'ErrorCollection', response.json()), []);
      }
    });

    it('answers in every stage: with the opt-in header and on an enforced site', async () => {
      const forced = await get('/rest/api/3/user/bulk/migration?username=mia', {
        headers: { host: 'legacy.localhost', 'x-atlassian-force-account-id': 'true' },
      });
      assert.deepEqual(forced.json(), [{ username: 'mia', accountId: mia }]);
      const enforced = await get('/rest/api/3/user/bulk/migration?username=mkrystof', {
        headers: { host: 'enforced.localhost' },
      });
      assert.deepEqual(enforced.json(), [{ username: 'mkrystof', accountId: mia }]);
      const otherSite = await get('/rest/api/3/user/bulk/migration?username=nbrenner', {
        headers: { host: 'enforced.localhost' },
      });
      assert.deepEqual(otherSite.json(), [], "a site knows only its own people's names");
    });

    it('needs a signed-in caller', async () => {
      const response = await veil.request({
        url: '/rest/api/3/user/bulk/migration?username=mia',
        headers: { host: 'legacy.localhost' },
      });
      assert.equal(response.statusCode, 401);
    });

    it('maps names on the wiki with the MigratedUserArray of its spec', async () => {
      const response = await get('/wiki/rest/api/user/bulk/migration?username=mia&username=nbrenner&limit=1');
      assert.equal(response.statusCode, 200, response.body);
      const body = response.json();
      assert.deepEqual(
        spec.validate('confluence1', 'GET', '/wiki/rest/api/user/bulk/migration', 200, body),
        [],
      );
      assert.deepEqual(body.results, [{ username: 'mia', key: 'mia', accountId: mia }]);
      assert.deepEqual([body.start, body.limit, body.size], [0, 1, 1]);
      const byKey = await get('/wiki/rest/api/user/bulk/migration?key=JIRAUSER10100&start=0');
      assert.deepEqual(byKey.json().results, [
        { username: 'nbrenner', key: 'JIRAUSER10100', accountId: noah },
      ]);
      const both = await get('/wiki/rest/api/user/bulk/migration?key=a&username=b');
      assert.equal(both.statusCode, 400);
      assert.equal(both.json().statusCode, 400);
    });
  });
}
