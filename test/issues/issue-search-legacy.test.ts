import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testBackends } from '../support/backends.ts';
import { migrationIds, migrationPerson, readMigrationScenario } from '../support/migration-world.ts';
import { startTestVeil, type TestVeil } from '../support/test-veil.ts';

const mia = migrationPerson('mia');
const legacy = { host: 'legacy.localhost' };

for (const backend of testBackends()) {
  describe(`issue search in the migration stages on ${backend.name}`, () => {
    let veil: TestVeil;
    let key: string;
    before(async () => {
      veil = await startTestVeil(backend, await readMigrationScenario());
      const created = await veil.request({
        method: 'POST',
        url: '/rest/api/2/issue',
        as: mia,
        headers: legacy,
        body: {
          fields: {
            project: { key: 'ACME' },
            issuetype: { name: 'Task' },
            summary: 'Legacy search',
            assignee: { accountId: migrationIds.noah },
          },
        },
      });
      assert.equal(created.statusCode, 201, created.body);
      key = created.json().key;
    });
    after(() => veil.close());

    const keysFound = async (jql: string, headers: Record<string, string> = legacy) => {
      const response = await veil.request({
        url: `/rest/api/2/search?jql=${encodeURIComponent(jql)}&fields=summary`,
        as: mia,
        headers,
      });
      assert.equal(response.statusCode, 200, `${jql}: ${response.body}`);
      return response.json().issues.map((i: { key: string }) => i.key);
    };

    it('reads usernames and user keys as their owners in the legacy stage, and accountIds always', async () => {
      assert.deepEqual(await keysFound(`assignee = ${migrationIds.noah}`), [key]);
      assert.deepEqual(await keysFound('assignee = nbrenner'), [key]);
      assert.deepEqual(await keysFound('assignee in (JIRAUSER10100)'), [key]);
      assert.deepEqual(await keysFound('reporter = mia AND assignee was nbrenner'), [key]);
      const report = await veil.request({
        url: '/veil/v1/sites/legacy/legacy-usage',
        as: migrationPerson('olivia'),
      });
      assert.equal(report.statusCode, 200, report.body);
      const operations = report
        .json()
        .clients.flatMap((c: { operations: { operation: string }[] }) => c.operations);
      const searches = operations.find(
        (o: { operation: string }) => o.operation === 'GET /rest/api/2/search',
      );
      assert.equal(searches?.calls, 3, 'each search that named someone by username or key is counted');
    });

    it('matches accountIds only when the call opts in to the GDPR behaviour, and never an email', async () => {
      const optIn = { ...legacy, 'x-atlassian-force-account-id': 'true' };
      assert.deepEqual(await keysFound('assignee = nbrenner', optIn), []);
      assert.deepEqual(await keysFound(`assignee = ${migrationIds.noah}`, optIn), [key]);
      assert.deepEqual(await keysFound('assignee = "noah@example.com"'), []);
    });
  });
}
