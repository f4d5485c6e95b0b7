import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testBackends } from '../support/backends.ts';
import { migrationIds, migrationPerson, readMigrationScenario } from '../support/migration-world.ts';
import { startTestVeil, type TestVeil } from '../support/test-veil.ts';

const force = { 'x-atlassian-force-account-id': 'true' };

for (const backend of testBackends()) {
  describe(`audit records' authorKey in the migration stages on ${backend.name}`, () => {
    let veil: TestVeil;
    before(async () => {
      veil = await startTestVeil(backend, await readMigrationScenario());
    });
    after(() => veil.close());

    const asOlivia = (method: 'GET' | 'POST', url: string, host: string, headers = {}, body?: object) =>
      veil.request({
        method,
        url,
        as: migrationPerson('olivia'),
        headers: { host, ...headers },
        ...(body ? { body } : {}),
      });

    it('gives authorKey only in the legacy stage, and authorAccountId always', async () => {
      for (const host of ['legacy.localhost', 'enforced.localhost']) {
        const created = await asOlivia('POST', '/rest/api/3/group', host, force, { name: 'audit-legacy' });
        assert.equal(created.statusCode, 201, created.body);
      }
      const legacy = await asOlivia('GET', '/rest/api/2/auditing/record', 'legacy.localhost');
      assert.equal(legacy.statusCode, 200, legacy.body);
      const [record] = legacy.json().records;
      assert.equal(record.authorAccountId, migrationIds.olivia);
      assert.equal(record.authorKey, 'olivia');
      const optedIn = await asOlivia('GET', '/rest/api/2/auditing/record', 'legacy.localhost', force);
      assert.equal(
        optedIn.json().records[0].authorKey,
        undefined,
        'an opted-in request gets accountIds only',
      );
      const enforced = await asOlivia('GET', '/rest/api/2/auditing/record', 'enforced.localhost', force);
      assert.equal(enforced.statusCode, 200, enforced.body);
      assert.equal(enforced.json().records.length, 1, 'each site has its own records');
      assert.equal(enforced.json().records[0].authorKey, undefined);
      assert.equal(enforced.json().records[0].authorAccountId, migrationIds.olivia);
    });
  });
}
