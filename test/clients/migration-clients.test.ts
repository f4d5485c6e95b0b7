import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createCloudClient } from 'jira.js';
import { Version2Client, Version3Client } from 'jira.js-5';
import { migrationIds, migrationScenarioPath } from '../support/migration-world.ts';
import { startVeilProcess, type VeilProcess } from '../support/veil-process.ts';

/**
 * The migration calls of the clients people use, unmodified, against a real `veil start` in the legacy
 * stage: jira.js 6's `jql.migrateQueries` (pdcleaner) and `jql.parseJqlQueries`, checked against its own
 * schemas, and jira.js 5's `bulkGetUsersMigration` (6 no longer has it) and legacy `getUser`.
 */
describe('jira.js against the migration period of veil start', () => {
  let veil: VeilProcess;
  before(async () => {
    veil = await startVeilProcess(['--memory', '--port', '0', '--scenario', migrationScenarioPath]);
  });
  after(() => veil.stop());

  const basic = { email: 'mia@acme.test', apiToken: 'migration-token-mia' };

  it('converts JQL with jira.js 6 jql.migrateQueries, and parses it with parseJqlQueries', async () => {
    const jira = createCloudClient({
      host: veil.url,
      auth: { type: 'basic', ...basic },
      onSchemaMismatch: 'throw',
    });
    const converted = await jira.jql.migrateQueries({
      queryStrings: ['assignee = alana', 'issuetype = Bug AND assignee in (mia) AND reporter in (nbrenner)'],
    });
    assert.deepEqual(converted.queryStrings, [
      `issuetype = Bug AND assignee in (${migrationIds.mia}) AND reporter in (${migrationIds.noah})`,
    ]);
    assert.deepEqual(converted.queriesWithUnknownUsers, [
      { originalQuery: 'assignee = alana', convertedQuery: 'assignee = unknown' },
    ]);
    const parsed = await jira.jql.parseJqlQueries({
      validation: 'strict',
      queries: ['assignee = mia ORDER BY created'],
    });
    assert.equal(parsed.queries[0]?.structure?.orderBy?.fields[0]?.field.name, 'created');
    await assert.rejects(jira.jql.migrateQueries({ queryStrings: ['assignee = '] }));
  });

  it('maps usernames and keys with jira.js 5 bulkGetUsersMigration, on v2 and v3', async () => {
    for (const Client of [Version3Client, Version2Client]) {
      const jira = new Client({ host: veil.url, authentication: { basic } });
      const byUsername = await jira.users.bulkGetUsersMigration({ username: ['mia', 'nbrenner', 'nobody'] });
      assert.deepEqual(byUsername, [
        { username: 'mia', accountId: migrationIds.mia },
        { username: 'nbrenner', accountId: migrationIds.noah },
      ]);
      const byKey = await jira.users.bulkGetUsersMigration({ key: ['JIRAUSER10100'] });
      assert.deepEqual(byKey, [{ key: 'JIRAUSER10100', accountId: migrationIds.noah }]);
    }
  });

  it('reads users by username with jira.js 5, and opts in with its strictGDPR option', async () => {
    const legacy = new Version3Client({ host: veil.url, authentication: { basic } });
    const mia = await legacy.users.getUser({ username: 'mia' });
    assert.deepEqual([mia.accountId, mia.name, mia.key], [migrationIds.mia, 'mia', 'mia']);
    const strict = new Version3Client({ host: veil.url, strictGDPR: true, authentication: { basic } });
    await assert.rejects(strict.users.getUser({ username: 'mia' }), /400/);
    const byId = await strict.users.getUser({ accountId: migrationIds.mia });
    assert.equal(byId.name, undefined);
  });
});
