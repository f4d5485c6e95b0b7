import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testBackends } from '../support/backends.ts';
import { SpecValidator } from '../support/openapi.ts';
import { demoIds, demoPerson, startTestVeil, type TestVeil } from '../support/test-veil.ts';

for (const backend of testBackends()) {
  describe(`the wiki's groups on ${backend.name}`, () => {
    let veil: TestVeil;
    const validator = new SpecValidator();
    before(async () => {
      veil = await startTestVeil(backend);
    });
    after(() => veil.close());

    const get = (
      url: string,
      who: Parameters<typeof demoPerson>[0] | null = 'ava',
      host = 'acme.localhost',
    ) => veil.request({ url, ...(who ? { as: demoPerson(who) } : {}), headers: { host } });
    const valid = (path: string, body: unknown) =>
      assert.deepEqual(validator.validate('confluence1', 'GET', path, 200, body), [], path);

    it('lists, finds and picks the site’s groups, and lists members as the caller may see them', async () => {
      const all = await get('/wiki/rest/api/group');
      assert.equal(all.statusCode, 200, all.body);
      valid('/wiki/rest/api/group', all.json());
      const names = all.json().results.map((g: { name: string }) => g.name);
      assert.deepEqual(names, ['confluence-users', 'developers', 'jira-users', 'site-admins']);
      const developers = all.json().results.find((g: { name: string }) => g.name === 'developers');
      const byId = await get(`/wiki/rest/api/group/by-id?id=${developers.id}`);
      valid('/wiki/rest/api/group/by-id', byId.json());
      assert.equal(byId.json().name, 'developers');
      assert.equal((await get('/wiki/rest/api/group/by-id?id=nope')).statusCode, 404);
      const picked = await get('/wiki/rest/api/group/picker?query=dev');
      valid('/wiki/rest/api/group/picker', picked.json());
      assert.deepEqual(
        picked.json().results.map((g: { name: string }) => g.name),
        ['developers'],
      );
      const members = await get('/wiki/rest/api/group/member?name=developers');
      assert.equal(members.statusCode, 200, members.body);
      valid('/wiki/rest/api/group/member', members.json());
      const ids = members.json().results.map((u: { accountId: string }) => u.accountId);
      assert.ok(ids.includes(demoIds.mia) && ids.includes(demoIds.liam));
      const liam = members.json().results.find((u: { accountId: string }) => u.accountId === demoIds.liam);
      assert.ok(!JSON.stringify(liam).includes('Okafor'), 'a hidden name stays hidden in a member list');
      assert.equal(liam.email, '');
    });

    it('finds a group by name and lists its members by name or id, in the older forms too', async () => {
      const group = await get('/wiki/rest/api/group/by-name?name=Developers');
      assert.equal(group.statusCode, 200, group.body);
      valid('/wiki/rest/api/group/by-name', group.json());
      const id = group.json().id;
      const deprecated = await get('/wiki/rest/api/group/developers');
      valid('/wiki/rest/api/group/{groupName}', deprecated.json());
      assert.equal(deprecated.json().id, id);
      for (const [path, url] of [
        ['/wiki/rest/api/group/{groupName}/member', '/wiki/rest/api/group/developers/member?limit=50'],
        ['/wiki/rest/api/group/{groupId}/membersByGroupId', `/wiki/rest/api/group/${id}/membersByGroupId`],
      ] as const) {
        const members = await get(url);
        assert.equal(members.statusCode, 200, members.body);
        valid(path, members.json());
        const ids = members.json().results.map((u: { accountId: string }) => u.accountId);
        assert.ok(ids.includes(demoIds.mia), url);
      }
      assert.equal((await get('/wiki/rest/api/group/by-name?name=nope')).statusCode, 404);
      assert.equal((await get('/wiki/rest/api/group/nope/membersByGroupId')).statusCode, 404);
    });

    it('lets a site admin create and delete groups and change their members; nobody else', async () => {
      const send = (method: 'POST' | 'DELETE', url: string, who: 'olivia' | 'ava', body?: unknown) =>
        veil.request({
          method,
          url,
          as: demoPerson(who),
          headers: { host: 'acme.localhost' },
          ...(body ? { body } : {}),
        });
      const created = await send('POST', '/wiki/rest/api/group', 'olivia', { name: 'wiki-writers' });
      assert.equal(created.statusCode, 201, created.body);
      assert.deepEqual(
        validator.validate('confluence1', 'POST', '/wiki/rest/api/group', 201, created.json()),
        [],
      );
      const { id } = created.json();
      assert.equal(
        (await send('POST', '/wiki/rest/api/group', 'olivia', { name: 'Wiki-Writers' })).statusCode,
        400,
      );
      assert.equal((await send('POST', '/wiki/rest/api/group', 'ava', { name: 'mine' })).statusCode, 403);
      const byName = '/wiki/rest/api/group/user?name=wiki-writers';
      assert.equal((await send('POST', byName, 'olivia', { accountId: demoIds.mia })).statusCode, 201);
      const byId = `/wiki/rest/api/group/userByGroupId?groupId=${id}`;
      assert.equal((await send('POST', byId, 'olivia', { accountId: demoIds.ava })).statusCode, 201);
      assert.equal((await send('POST', byId, 'ava', { accountId: demoIds.noah })).statusCode, 403);
      const unknown = await send('POST', byId, 'olivia', { accountId: 'ffffffffffffffffffffffff' });
      assert.equal(unknown.statusCode, 404, unknown.body);
      const members = async () =>
        (await get(`/wiki/rest/api/group/${id}/membersByGroupId`))
          .json()
          .results.map((u: { accountId: string }) => u.accountId);
      assert.deepEqual(new Set(await members()), new Set([demoIds.mia, demoIds.ava]));
      assert.equal((await send('DELETE', `${byName}&accountId=${demoIds.mia}`, 'olivia')).statusCode, 204);
      assert.equal((await send('DELETE', `${byId}&accountId=${demoIds.ava}`, 'olivia')).statusCode, 204);
      assert.deepEqual(await members(), []);
      assert.equal((await send('DELETE', `/wiki/rest/api/group/by-id?id=${id}`, 'ava')).statusCode, 403);
      assert.equal((await send('DELETE', `/wiki/rest/api/group/by-id?id=${id}`, 'olivia')).statusCode, 204);
      assert.equal((await get('/wiki/rest/api/group/by-name?name=wiki-writers')).statusCode, 404);
      assert.equal(
        (await send('DELETE', '/wiki/rest/api/group?name=wiki-writers', 'olivia')).statusCode,
        404,
      );
    });

    it('shows no groups to anonymous callers or to people without the wiki', async () => {
      assert.equal((await get('/wiki/rest/api/group', null, 'globex.localhost')).statusCode, 401);
      assert.equal((await get('/wiki/rest/api/group', 'liam')).statusCode, 403, 'Liam has no wiki on acme');
    });
  });
}
