import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testBackends } from '../support/backends.ts';
import { migrationIds, migrationPerson, readMigrationScenario } from '../support/migration-world.ts';
import { SpecValidator } from '../support/openapi.ts';
import { startTestVeil, type TestRequest, type TestVeil } from '../support/test-veil.ts';

/** Group membership and user management by username in the legacy stage, and refused outside it. */

const force = { 'x-atlassian-force-account-id': 'true' };
const modes = [
  { name: 'legacy', host: 'legacy.localhost', headers: {}, legacy: true },
  { name: 'opt-in', host: 'legacy.localhost', headers: force, legacy: false },
  { name: 'enforced', host: 'enforced.localhost', headers: force, legacy: false },
] as const;

const { mia, olivia } = migrationIds;
const spec = new SpecValidator();

for (const backend of testBackends()) {
  describe(`legacy identifiers in user management on ${backend.name}`, () => {
    let veil: TestVeil;
    before(async () => {
      veil = await startTestVeil(backend, await readMigrationScenario());
    });
    after(() => veil.close());

    for (const mode of modes) {
      const asOlivia = (request: TestRequest) =>
        veil.request({
          ...request,
          as: migrationPerson('olivia'),
          headers: { host: mode.host, ...mode.headers, ...request.headers },
        });
      const miaUsername = mode.host === 'legacy.localhost' ? 'mia' : 'mkrystof';

      it(`${mode.name}: adds to and removes from a group by username only in the legacy stage`, async () => {
        const added = await asOlivia({
          method: 'POST',
          url: '/rest/api/3/group/user?groupname=jira-users',
          body: { name: miaUsername },
        });
        const removed = await asOlivia({
          method: 'DELETE',
          url: `/rest/api/3/group/user?groupname=jira-users&username=${miaUsername}`,
        });
        if (!mode.legacy) {
          assert.equal(added.statusCode, 400, added.body);
          assert.ok('name' in added.json().errors);
          assert.equal(removed.statusCode, 400, removed.body);
          assert.ok('username' in removed.json().errors);
        } else {
          assert.equal(added.statusCode, 201, added.body);
          assert.deepEqual(spec.validate('jira', 'POST', '/rest/api/3/group/user', 201, added.json()), []);
          const member = added.json().users.items.find((u: { accountId: string }) => u.accountId === mia);
          assert.equal(member.name, 'mia');
          assert.equal(removed.statusCode, 200, removed.body);
        }
        const byId = await asOlivia({
          method: 'POST',
          url: '/rest/api/3/group/user?groupname=jira-users',
          body: { accountId: mia },
        });
        assert.equal(byId.statusCode, 201, byId.body);
        const member = byId.json().users.items.find((u: { accountId: string }) => u.accountId === mia);
        assert.equal('name' in member, mode.legacy);
      });

      it(`${mode.name}: creates, updates and removes users, by username only in the legacy stage`, async () => {
        const created = await asOlivia({
          method: 'POST',
          url: '/rest/api/3/user',
          body: {
            emailAddress: `newbie-${mode.name}@example.net`,
            products: ['jira-software'],
            name: `newbie-${mode.name}`,
            key: `newbie-key-${mode.name}`,
          },
        });
        assert.equal(created.statusCode, 201, created.body);
        assert.deepEqual(spec.validate('jira', 'POST', '/rest/api/3/user', 201, created.json()), []);
        const { accountId } = created.json();
        // The legacy stage makes name and key the new link's legacy identity; otherwise they are ignored.
        assert.equal(created.json().name, mode.legacy ? `newbie-${mode.name}` : undefined);
        assert.equal(created.json().key, mode.legacy ? `newbie-key-${mode.name}` : undefined);
        const byName = `username=newbie-${mode.name}`;
        const updated = await asOlivia({
          method: 'PUT',
          url: `/rest/api/2/user?${byName}`,
          body: { active: true },
        });
        const removed = await asOlivia({ method: 'DELETE', url: `/rest/api/3/user?${byName}` });
        if (mode.legacy) {
          assert.equal(updated.statusCode, 200, updated.body);
          assert.ok(updated.json().self.endsWith(`/rest/api/2/user?${byName}`));
          assert.equal(removed.statusCode, 204, removed.body);
          return;
        }
        assert.equal(updated.statusCode, 400);
        assert.equal(removed.statusCode, 400);
        const updatedById = await asOlivia({
          method: 'PUT',
          url: `/rest/api/2/user?accountId=${accountId}`,
          body: {},
        });
        assert.equal(updatedById.statusCode, 200);
        assert.equal('name' in updatedById.json(), false);
        const removedById = await asOlivia({
          method: 'DELETE',
          url: `/rest/api/3/user?accountId=${accountId}`,
        });
        assert.equal(removedById.statusCode, 204);
      });
    }

    it('legacy: a create that names an existing link keeps the identity it has, and a taken name is a 400', async () => {
      const asOlivia = (body: unknown) =>
        veil.request({
          method: 'POST',
          url: '/rest/api/3/user',
          as: migrationPerson('olivia'),
          headers: { host: 'legacy.localhost' },
          body,
        });
      const existing = await asOlivia({ emailAddress: 'mia@acme.test', products: [], name: 'not-mia' });
      assert.equal(existing.statusCode, 201, existing.body);
      assert.equal(existing.json().name, 'mia');
      const taken = await asOlivia({ emailAddress: 'someone@example.net', products: [], name: 'MIA' });
      assert.equal(taken.statusCode, 400, taken.body);
      assert.match(taken.json().errorMessages[0], /username/);
      const nobody = await veil.request({
        url: '/rest/api/3/user/search?query=someone',
        as: migrationPerson('olivia'),
        headers: { host: 'legacy.localhost' },
      });
      assert.deepEqual(nobody.json(), [], 'the refused create left nothing behind');
    });

    it('legacy: removing yourself by username is refused like by accountId', async () => {
      const response = await veil.request({
        method: 'DELETE',
        url: '/rest/api/3/user?username=olivia',
        as: migrationPerson('olivia'),
        headers: { host: 'legacy.localhost' },
      });
      assert.equal(response.statusCode, 400);
      const still = await veil.request({
        url: `/rest/api/3/user?accountId=${olivia}`,
        as: migrationPerson('olivia'),
        headers: { host: 'legacy.localhost' },
      });
      assert.equal(still.statusCode, 200);
    });
  });
}
