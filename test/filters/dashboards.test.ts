import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testBackends } from '../support/backends.ts';
import { SpecValidator } from '../support/openapi.ts';
import { demoIds, demoPerson, startTestVeil, type TestVeil } from '../support/test-veil.ts';

const mia = demoPerson('mia');
const liam = demoPerson('liam');
const noah = demoPerson('noah');
const spec = new SpecValidator();

function assertMatchesSpec(method: string, path: string, status: number, body: unknown) {
  assert.deepEqual(spec.validate('jira', method, path, status, body), [], JSON.stringify(body));
}

for (const backend of testBackends()) {
  describe(`dashboards on ${backend.name}`, () => {
    let veil: TestVeil;
    before(async () => {
      veil = await startTestVeil(backend);
    });
    after(() => veil.close());

    it("lists and reads the demo's dashboards as the spec shapes them, owners rendered for the caller", async () => {
      for (const version of ['2', '3']) {
        const all = await veil.request({ url: `/rest/api/${version}/dashboard`, as: mia });
        assert.equal(all.statusCode, 200, all.body);
        assertMatchesSpec('get', '/rest/api/3/dashboard', 200, all.json());
        assert.deepEqual(
          all.json().dashboards.map((d: { name: string }) => d.name),
          ['Private board', 'Team board'],
        );
        const liams = all.json().dashboards[0];
        assert.equal(liams.owner.accountId, demoIds.liam);
        assert.equal(liams.owner.displayName, 'L.O.');
        assert.equal(liams.sharePermissions[0].user.accountId, demoIds.mia);
        const favourite = await veil.request({
          url: `/rest/api/${version}/dashboard?filter=favourite`,
          as: mia,
        });
        assert.deepEqual(
          favourite.json().dashboards.map((d: { isFavourite: boolean }) => d.isFavourite),
          [true],
        );
        const search = await veil.request({
          url: `/rest/api/${version}/dashboard/search?dashboardName=board&orderBy=-popularity`,
          as: noah,
        });
        assert.equal(search.statusCode, 200, search.body);
        assertMatchesSpec('get', '/rest/api/3/dashboard/search', 200, search.json());
        assert.deepEqual(
          search.json().values.map((d: { name: string }) => d.name),
          ['Team board'],
          'not shared with Noah',
        );
        const one = await veil.request({ url: `/rest/api/${version}/dashboard/10000`, as: noah });
        assertMatchesSpec('get', '/rest/api/3/dashboard/{id}', 200, one.json());
        assert.equal(one.json().popularity, 2);
      }
      assert.equal((await veil.request({ url: '/rest/api/3/dashboard/10001', as: noah })).statusCode, 404);
    });

    it('creates, copies, updates and deletes: only the owner changes one; bad input is a 400', async () => {
      const body = {
        name: 'Mine',
        sharePermissions: [{ type: 'user', user: { accountId: demoIds.noah } }],
        editPermissions: [],
      };
      const created = await veil.request({ method: 'POST', url: '/rest/api/3/dashboard', as: mia, body });
      assert.equal(created.statusCode, 200, created.body);
      assertMatchesSpec('post', '/rest/api/3/dashboard', 200, created.json());
      const id = created.json().id;
      const again = await veil.request({
        method: 'POST',
        url: '/rest/api/3/dashboard',
        as: mia,
        body: { ...body, name: 'MINE' },
      });
      assert.equal(again.statusCode, 400, again.body);
      const unknown = {
        ...body,
        name: 'Other',
        sharePermissions: [{ type: 'group', group: { name: 'nope' } }],
      };
      assert.equal(
        (await veil.request({ method: 'POST', url: '/rest/api/3/dashboard', as: mia, body: unknown }))
          .statusCode,
        400,
      );
      const copy = await veil.request({
        method: 'POST',
        url: `/rest/api/3/dashboard/${id}/copy`,
        as: noah,
        body: { ...body, name: 'Copy' },
      });
      assert.equal(copy.statusCode, 200, copy.body);
      assertMatchesSpec('post', '/rest/api/3/dashboard/{id}/copy', 200, copy.json());
      assert.equal(copy.json().owner.accountId, demoIds.noah);
      const refused = await veil.request({
        method: 'PUT',
        url: `/rest/api/3/dashboard/${id}`,
        as: noah,
        body,
      });
      assert.equal(refused.statusCode, 403, refused.body);
      const updated = await veil.request({
        method: 'PUT',
        url: `/rest/api/3/dashboard/${id}`,
        as: mia,
        body: { ...body, name: 'Renamed' },
      });
      assert.equal(updated.statusCode, 200, updated.body);
      assertMatchesSpec('put', '/rest/api/3/dashboard/{id}', 200, updated.json());
      assert.equal(
        (await veil.request({ method: 'DELETE', url: `/rest/api/3/dashboard/${id}`, as: liam })).statusCode,
        404,
      );
      assert.equal(
        (await veil.request({ method: 'DELETE', url: `/rest/api/3/dashboard/${id}`, as: mia })).statusCode,
        204,
      );
    });
  });
}
