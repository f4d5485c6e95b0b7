import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testBackends } from '../support/backends.ts';
import { migrationIds, migrationPerson, readMigrationScenario } from '../support/migration-world.ts';
import { startTestVeil, type TestVeil } from '../support/test-veil.ts';

const olivia = migrationPerson('olivia'); // admin of both sites
const legacy = { host: 'legacy.localhost' };
const enforced = { host: 'enforced.localhost' };

for (const backend of testBackends()) {
  describe(`project leads by username in the migration stages on ${backend.name}`, () => {
    let veil: TestVeil;
    before(async () => {
      veil = await startTestVeil(backend, await readMigrationScenario());
    });
    after(() => veil.close());

    const create = (headers: Record<string, string>, body: Record<string, unknown>) =>
      veil.request({ method: 'POST', url: '/rest/api/2/project', as: olivia, headers, body });

    it('takes a lead by username in the legacy stage only, and renders it with its legacy name there', async () => {
      const made = await create(legacy, { key: 'OLD', name: 'Old ways', lead: 'nbrenner' });
      assert.equal(made.statusCode, 201, made.body);
      const project = (
        await veil.request({ url: '/rest/api/2/project/OLD', as: olivia, headers: legacy })
      ).json();
      assert.equal(project.lead.accountId, migrationIds.noah);
      assert.equal(project.lead.name, 'nbrenner');
      const optedIn = await create(
        { ...legacy, 'x-atlassian-force-account-id': 'true' },
        { key: 'OPT', name: 'Opted in', lead: 'nbrenner' },
      );
      assert.equal(optedIn.statusCode, 400, optedIn.body);
      const refused = await create(enforced, { key: 'ENF', name: 'Enforced', lead: 'ochen' });
      assert.equal(refused.statusCode, 400, refused.body);
      assert.ok(refused.json().errors.lead, refused.body);
      const unknown = await create(legacy, { key: 'UNK', name: 'Unknown', lead: 'nobody-here' });
      assert.equal(unknown.statusCode, 400, unknown.body);
      const both = await create(legacy, {
        key: 'TWO',
        name: 'Two',
        lead: 'mia',
        leadAccountId: migrationIds.mia,
      });
      assert.equal(both.statusCode, 400, both.body);
      for (const key of ['OPT', 'ENF', 'UNK', 'TWO']) {
        const host = key === 'ENF' ? enforced : legacy;
        const response = await veil.request({ url: `/rest/api/2/project/${key}`, as: olivia, headers: host });
        assert.equal(response.statusCode, 404, `${key} was not written`);
      }
    });
  });
}
