import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testBackends } from '../support/backends.ts';
import { SpecValidator } from '../support/openapi.ts';
import { demoIds, demoPerson, startTestVeil, type TestVeil } from '../support/test-veil.ts';

const mia = demoPerson('mia'); // tracker user on acme
const olivia = demoPerson('olivia'); // acme site admin
const spec = new SpecValidator();

function assertMatchesSpec(method: string, path: string, status: number, body: unknown) {
  assert.deepEqual(spec.validate('jira', method, path, status, body), [], JSON.stringify(body));
}

for (const backend of testBackends()) {
  describe(`projects on ${backend.name}`, () => {
    let veil: TestVeil;
    before(async () => {
      veil = await startTestVeil(backend);
    });
    after(() => veil.close());

    it('reads a project whole, its lead the tracker user object, in v2 and v3', async () => {
      for (const version of ['2', '3']) {
        const got = await veil.request({ url: `/rest/api/${version}/project/ACME`, as: mia });
        assert.equal(got.statusCode, 200, got.body);
        assertMatchesSpec('get', '/rest/api/3/project/{projectIdOrKey}', 200, got.json());
        const project = got.json();
        assert.equal(project.key, 'ACME');
        assert.equal(project.lead.accountId, demoIds.mia);
        assert.equal(project.lead.displayName, 'Mia Krystof');
        assert.ok(project.roles.Administrators.endsWith('/project/ACME/role/10002'));
        const byId = await veil.request({ url: `/rest/api/${version}/project/${project.id}`, as: mia });
        assert.equal(byId.json().key, 'ACME');
      }
      const missing = await veil.request({ url: '/rest/api/3/project/NOPE', as: mia });
      assert.equal(missing.statusCode, 404);
      assert.ok(missing.json().errorMessages[0]);
    });

    it('lists and searches projects, with the lead only when expanded', async () => {
      const list = await veil.request({ url: '/rest/api/3/project?expand=lead', as: mia });
      assert.equal(list.statusCode, 200, list.body);
      assertMatchesSpec('get', '/rest/api/3/project', 200, list.json());
      assert.deepEqual(
        list.json().map((p: { key: string }) => p.key),
        ['ACME', 'HELP'],
      );
      assert.equal(list.json()[1].lead.accountId, demoIds.olivia);
      const page = await veil.request({ url: '/rest/api/3/project/search?maxResults=1', as: mia });
      assert.equal(page.statusCode, 200, page.body);
      assertMatchesSpec('get', '/rest/api/3/project/search', 200, page.json());
      assert.equal(page.json().total, 2);
      assert.equal(page.json().isLast, false);
      assert.equal(page.json().values[0].lead, undefined);
      const found = await veil.request({
        url: '/rest/api/2/project/search?query=help&expand=lead,description',
        as: mia,
      });
      assert.deepEqual(
        found.json().values.map((p: { key: string }) => p.key),
        ['HELP'],
      );
      assert.equal(found.json().values[0].lead.accountId, demoIds.olivia);
      const byKeys = await veil.request({ url: '/rest/api/3/project/search?keys=ACME&keys=HELP', as: mia });
      assert.equal(byKeys.json().total, 2);
    });

    it('creates, edits and deletes a project as a site admin; a tracker user may not', async () => {
      const body = { key: 'NEW', name: 'New one', leadAccountId: demoIds.noah, projectTypeKey: 'software' };
      const refused = await veil.request({ method: 'POST', url: '/rest/api/3/project', as: mia, body });
      assert.equal(refused.statusCode, 403, refused.body);
      const created = await veil.request({ method: 'POST', url: '/rest/api/3/project', as: olivia, body });
      assert.equal(created.statusCode, 201, created.body);
      assertMatchesSpec('post', '/rest/api/3/project', 201, created.json());
      const again = await veil.request({ method: 'POST', url: '/rest/api/3/project', as: olivia, body });
      assert.equal(again.statusCode, 400, again.body);
      assert.ok(again.json().errors.projectKey);
      const edited = await veil.request({
        method: 'PUT',
        url: '/rest/api/3/project/NEW',
        as: olivia,
        body: {
          name: 'Renamed',
          leadAccountId: demoIds.mia,
          assigneeType: 'PROJECT_LEAD',
          description: 'Hi',
        },
      });
      assert.equal(edited.statusCode, 200, edited.body);
      assertMatchesSpec('put', '/rest/api/3/project/{projectIdOrKey}', 200, edited.json());
      assert.equal(edited.json().name, 'Renamed');
      assert.equal(edited.json().lead.accountId, demoIds.mia);
      assert.equal(edited.json().assigneeType, 'PROJECT_LEAD');
      const gone = await veil.request({ method: 'DELETE', url: '/rest/api/3/project/NEW', as: olivia });
      assert.equal(gone.statusCode, 204, gone.body);
      assert.equal((await veil.request({ url: '/rest/api/3/project/NEW', as: mia })).statusCode, 404);
    });

    it('refuses bad input with the tracker error body and writes nothing', async () => {
      const bad: Record<string, unknown>[] = [
        { key: 'BAD', name: 'Bad', leadAccountId: '5f0c1a9e2b7d4c8e9a1b3cff' },
        { key: 'BAD', name: 'Bad', leadAccountId: demoIds.customer },
        { key: 'BAD', name: 'Bad', leadAccountId: demoIds.ethan },
        { key: 'BAD', name: 'Bad', lead: 'mia' },
        { key: 'BAD', name: 'Bad', leadAccountId: demoIds.mia, assigneeType: 'SOMEONE' },
        { key: 'BAD', name: 'Bad', leadAccountId: demoIds.mia, projectTypeKey: 'games' },
        { key: 'bad', name: 'Bad', leadAccountId: demoIds.mia },
        { key: 'BAD', name: '', leadAccountId: demoIds.mia },
        { key: 'BAD', name: 'Bad' },
        { key: 'ACME', name: 'Taken', leadAccountId: demoIds.mia },
      ];
      for (const body of bad) {
        const response = await veil.request({ method: 'POST', url: '/rest/api/3/project', as: olivia, body });
        assert.equal(response.statusCode, 400, `${JSON.stringify(body)}: ${response.body}`);
        assert.ok(Array.isArray(response.json().errorMessages), response.body);
      }
      assert.equal((await veil.request({ url: '/rest/api/3/project/BAD', as: mia })).statusCode, 404);
      const acme = await veil.request({
        method: 'PUT',
        url: '/rest/api/3/project/ACME',
        as: olivia,
        body: { leadAccountId: '5f0c1a9e2b7d4c8e9a1b3cff' },
      });
      assert.equal(acme.statusCode, 400, acme.body);
      assert.equal(
        (await veil.request({ url: '/rest/api/3/project/ACME', as: mia })).json().lead.accountId,
        demoIds.mia,
      );
    });
  });
}
