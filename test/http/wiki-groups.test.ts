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

    it('shows no groups to anonymous callers or to people without the wiki', async () => {
      assert.equal((await get('/wiki/rest/api/group', null, 'globex.localhost')).statusCode, 401);
      assert.equal((await get('/wiki/rest/api/group', 'liam')).statusCode, 403, 'Liam has no wiki on acme');
    });
  });
}
