import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testBackends } from '../support/backends.ts';
import { SpecValidator } from '../support/openapi.ts';
import { demoIds, demoPerson, startTestVeil, type TestVeil } from '../support/test-veil.ts';

const mia = demoPerson('mia'); // tracker user on acme, in developers
const liam = demoPerson('liam'); // hides everything, in developers
const noah = demoPerson('noah'); // tracker user on acme, not in developers
const olivia = demoPerson('olivia'); // acme site admin
const spec = new SpecValidator();

function assertMatchesSpec(method: string, path: string, status: number, body: unknown) {
  assert.deepEqual(spec.validate('jira', method, path, status, body), [], JSON.stringify(body));
}

for (const backend of testBackends()) {
  describe(`filters on ${backend.name}`, () => {
    let veil: TestVeil;
    before(async () => {
      veil = await startTestVeil(backend);
    });
    after(() => veil.close());

    async function create(as: typeof mia, body: object, version = '3') {
      return veil.request({ method: 'POST', url: `/rest/api/${version}/filter`, as, body });
    }

    it('creates, reads, updates and deletes a filter, as the spec shapes it, owner rendered for the caller', async () => {
      const created = await create(liam, {
        name: 'Liam bugs',
        description: 'mine',
        jql: `assignee = ${demoIds.liam} ORDER BY created`,
        favourite: true,
        sharePermissions: [{ type: 'group', group: { name: 'developers' } }],
      });
      assert.equal(created.statusCode, 200, created.body);
      assertMatchesSpec('post', '/rest/api/3/filter', 200, created.json());
      const filter = created.json();
      assert.equal(filter.owner.accountId, demoIds.liam);
      assert.equal(filter.favourite, true);
      assert.equal(filter.favouritedCount, 1);
      assert.equal(filter.sharePermissions[0].type, 'group');
      assert.equal(filter.sharePermissions[0].group.name, 'developers');
      assert.match(filter.searchUrl, /\/rest\/api\/3\/search\?jql=assignee\+%3D\+/);
      for (const version of ['2', '3']) {
        const read = await veil.request({
          url: `/rest/api/${version}/filter/${filter.id}?expand=sharedUsers,subscriptions`,
          as: mia,
        });
        assert.equal(read.statusCode, 200, read.body);
        assertMatchesSpec('get', '/rest/api/3/filter/{id}', 200, read.json());
        assert.equal(read.json().owner.emailAddress, undefined, 'Liam hides his email');
        assert.equal(read.json().owner.displayName, 'L.O.');
        const shared = read.json().sharedUsers.items.map((u: { accountId: string }) => u.accountId);
        assert.ok(shared.includes(demoIds.mia) && shared.includes(demoIds.liam), JSON.stringify(shared));
        assert.equal(read.json().subscriptions.size, 0);
      }
      const hidden = await veil.request({ url: `/rest/api/3/filter/${filter.id}`, as: noah });
      assert.equal(hidden.statusCode, 404, 'not shared with Noah');
      const admin = await veil.request({ url: `/rest/api/3/filter/${filter.id}`, as: olivia });
      assert.equal(admin.statusCode, 200, 'site admins see every filter');
      const refused = await veil.request({
        method: 'PUT',
        url: `/rest/api/3/filter/${filter.id}`,
        as: mia,
        body: { name: 'x' },
      });
      assert.equal(refused.statusCode, 403, refused.body);
      const updated = await veil.request({
        method: 'PUT',
        url: `/rest/api/2/filter/${filter.id}`,
        as: liam,
        body: {
          name: 'Liam bugs 2',
          sharePermissions: [{ type: 'user', user: { accountId: demoIds.noah } }],
        },
      });
      assert.equal(updated.statusCode, 200, updated.body);
      assertMatchesSpec('put', '/rest/api/3/filter/{id}', 200, updated.json());
      assert.equal(updated.json().sharePermissions[0].user.accountId, demoIds.noah);
      const roundTrip = await veil.request({
        method: 'PUT',
        url: `/rest/api/3/filter/${filter.id}`,
        as: liam,
        body: { sharePermissions: updated.json().sharePermissions },
      });
      assert.equal(roundTrip.statusCode, 200, 'share permissions read back are taken as they are');
      assert.equal(roundTrip.json().sharePermissions[0].user.accountId, demoIds.noah);
      const nowNoah = await veil.request({ url: `/rest/api/3/filter/${filter.id}`, as: noah });
      assert.equal(nowNoah.statusCode, 200);
      const deleted = await veil.request({
        method: 'DELETE',
        url: `/rest/api/3/filter/${filter.id}`,
        as: liam,
      });
      assert.equal(deleted.statusCode, 204, deleted.body);
      const gone = await veil.request({ url: `/rest/api/3/filter/${filter.id}`, as: liam });
      assert.equal(gone.statusCode, 404);
    });
  });
}
