/** Filters: lists, favourites, share permissions, the migration stages, and bad input (400, nothing written). */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testBackends } from '../support/backends.ts';
import { migrationIds, migrationPerson, readMigrationScenario } from '../support/migration-world.ts';
import { SpecValidator } from '../support/openapi.ts';
import { demoIds, demoPerson, startTestVeil, type TestVeil } from '../support/test-veil.ts';

const mia = demoPerson('mia');
const noah = demoPerson('noah');
const ava = demoPerson('ava');
const spec = new SpecValidator();

function assertMatchesSpec(method: string, path: string, status: number, body: unknown) {
  assert.deepEqual(spec.validate('jira', method, path, status, body), [], JSON.stringify(body));
}

async function countFilters(veil: TestVeil) {
  const rows = await veil.store.db
    .selectFrom('filters')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  const shares = await veil.store.db
    .selectFrom('share_permissions')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return `${rows.n}/${shares.n}`;
}

for (const backend of testBackends()) {
  describe(`filter lists and input on ${backend.name}`, () => {
    let veil: TestVeil;
    let sharedId: string;
    before(async () => {
      veil = await startTestVeil(backend);
      const created = await veil.request({
        method: 'POST',
        url: '/rest/api/3/filter',
        as: mia,
        body: { name: 'Open ACME', jql: 'project = ACME', sharePermissions: [{ type: 'authenticated' }] },
      });
      assert.equal(created.statusCode, 200, created.body);
      sharedId = created.json().id;
    });
    after(() => veil.close());

    it('lists my filters, favourites and the search, as the spec shapes them', async () => {
      const fav = await veil.request({
        method: 'PUT',
        url: `/rest/api/3/filter/${sharedId}/favourite`,
        as: noah,
      });
      assert.equal(fav.statusCode, 200, fav.body);
      assertMatchesSpec('put', '/rest/api/3/filter/{id}/favourite', 200, fav.json());
      assert.equal(fav.json().favourite, true);
      const favourites = await veil.request({ url: '/rest/api/3/filter/favourite', as: noah });
      assertMatchesSpec('get', '/rest/api/3/filter/favourite', 200, favourites.json());
      assert.deepEqual(
        favourites.json().map((f: { id: string }) => f.id),
        ['10000', sharedId],
        "the demo's filter Noah favours, and the new one",
      );
      const mine = await veil.request({ url: '/rest/api/2/filter/my?includeFavourites=true', as: noah });
      assertMatchesSpec('get', '/rest/api/3/filter/my', 200, mine.json());
      assert.deepEqual(
        mine.json().map((f: { id: string }) => f.id),
        ['10000', sharedId],
      );
      const own = await veil.request({ url: '/rest/api/3/filter/my', as: noah });
      assert.deepEqual(own.json(), []);
      const search = await veil.request({
        url: `/rest/api/3/filter/search?filterName=open%20ac&accountId=${demoIds.mia}&expand=owner,jql,sharePermissions,favourite`,
        as: ava,
      });
      assert.equal(search.statusCode, 200, search.body);
      assertMatchesSpec('get', '/rest/api/3/filter/search', 200, search.json());
      const [found] = search.json().values;
      assert.equal(search.json().total, 1);
      assert.equal(found.owner.accountId, demoIds.mia);
      assert.equal(found.jql, 'project = ACME');
      assert.equal(found.sharePermissions[0].type, 'loggedin');
      const none = await veil.request({ url: '/rest/api/3/filter/search?groupname=developers', as: ava });
      assert.equal(none.json().total, 0);
      const unfav = await veil.request({
        method: 'DELETE',
        url: `/rest/api/3/filter/${sharedId}/favourite`,
        as: noah,
      });
      assert.equal(unfav.json().favourite, false);
    });

    it('adds, reads and deletes share permissions (the owner only)', async () => {
      const base = `/rest/api/3/filter/${sharedId}/permission`;
      const refused = await veil.request({ method: 'POST', url: base, as: noah, body: { type: 'global' } });
      assert.equal(refused.statusCode, 403, refused.body);
      const beside = await veil.request({
        method: 'POST',
        url: base,
        as: mia,
        body: { type: 'user', accountId: demoIds.noah },
      });
      assert.equal(beside.statusCode, 400, 'the filter is already shared with every signed-in user');
      const global = await veil.request({
        method: 'DELETE',
        url: `${base}/${(await veil.request({ url: base, as: mia })).json()[0].id}`,
        as: mia,
      });
      assert.equal(global.statusCode, 204, global.body);
      const added = await veil.request({
        method: 'POST',
        url: base,
        as: mia,
        body: { type: 'user', accountId: demoIds.noah },
      });
      assert.equal(added.statusCode, 201, added.body);
      assertMatchesSpec('post', '/rest/api/3/filter/{id}/permission', 201, added.json());
      const group = await veil.request({
        method: 'POST',
        url: base,
        as: mia,
        body: { type: 'group', groupname: 'developers' },
      });
      assert.equal(group.json().length, 2);
      const list = await veil.request({ url: base, as: noah });
      assertMatchesSpec('get', '/rest/api/3/filter/{id}/permission', 200, list.json());
      const one = await veil.request({ url: `${base}/${list.json()[0].id}`, as: noah });
      assertMatchesSpec('get', '/rest/api/3/filter/{id}/permission/{permissionId}', 200, one.json());
      assert.equal(one.json().user.accountId, demoIds.noah);
      assert.equal((await veil.request({ url: `/rest/api/3/filter/${sharedId}`, as: ava })).statusCode, 404);
    });

    it('refuses bad input with a 400 in the tracker error body, and writes nothing', async () => {
      const before = await countFilters(veil);
      const bad = [
        { name: 'a', jql: 'project = ACME AND (' },
        { name: 'b', jql: 'nosuchfield = 1' },
        { name: 'c', jql: 'assignee = mia' },
        { name: 'd', sharePermissions: [{ type: 'user', user: { accountId: '5f0c1a9e2b7d4c8e9a1b3fff' } }] },
        { name: 'e', sharePermissions: [{ type: 'group', group: { name: 'no-such-group' } }] },
        { name: 'f', sharePermissions: [{ type: 'project', project: { id: '99999' } }] },
        {
          name: 'g',
          sharePermissions: [{ type: 'user', user: { accountId: demoIds.noah } }, { type: 'nonsense' }],
        },
        { name: 'Open ACME' },
        { name: 'open acme' },
        { name: '   ' },
      ];
      for (const body of bad) {
        const response = await veil.request({ method: 'POST', url: '/rest/api/3/filter', as: mia, body });
        assert.equal(response.statusCode, 400, `${JSON.stringify(body)}: ${response.body}`);
        assert.ok(response.json().errorMessages.length + Object.keys(response.json().errors).length > 0);
      }
      const badShare = await veil.request({
        method: 'POST',
        url: `/rest/api/3/filter/${sharedId}/permission`,
        as: mia,
        body: { type: 'group', groupId: 'nope' },
      });
      assert.equal(badShare.statusCode, 400, badShare.body);
      assert.equal(await countFilters(veil), before);
    });

    it('keeps a name unique for its owner when two creates race', async () => {
      const body = { name: 'Raced', jql: '' };
      const results = await Promise.all(
        [0, 1, 2].map(() => veil.request({ method: 'POST', url: '/rest/api/3/filter', as: noah, body })),
      );
      assert.deepEqual(results.map((r) => r.statusCode).sort(), [200, 400, 400]);
    });
  });

  describe(`filter JQL in the migration stages on ${backend.name}`, () => {
    let veil: TestVeil;
    before(async () => {
      veil = await startTestVeil(backend, await readMigrationScenario());
    });
    after(() => veil.close());

    it('stores a username of the legacy stage as its accountId, and refuses it once enforced', async () => {
      const legacy = await veil.request({
        method: 'POST',
        url: '/rest/api/2/filter',
        as: migrationPerson('mia'),
        headers: { host: 'legacy.localhost' },
        body: { name: 'Legacy', jql: 'assignee = nbrenner ORDER BY key' },
      });
      assert.equal(legacy.statusCode, 200, legacy.body);
      assert.equal(legacy.json().jql, `assignee = ${migrationIds.noah} ORDER BY key`);
      const optedIn = await veil.request({
        method: 'POST',
        url: '/rest/api/2/filter',
        as: migrationPerson('mia'),
        headers: { host: 'legacy.localhost', 'x-atlassian-force-account-id': 'true' },
        body: { name: 'Opted in', jql: 'assignee = nbrenner' },
      });
      assert.equal(optedIn.statusCode, 400, optedIn.body);
    });
  });
}
