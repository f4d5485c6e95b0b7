import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createCloudClient } from 'jira.js';
import { demoIds } from '../support/test-veil.ts';
import { startVeilProcess, type VeilProcess } from '../support/veil-process.ts';

/** jira.js, unmodified (its schemas checked: `onSchemaMismatch: 'throw'`), reads the audit records of `veil start`. */
describe('jira.js reads audit records from veil start', () => {
  let veil: VeilProcess;
  before(async () => {
    veil = await startVeilProcess(['--memory', '--port', '0']);
  });
  after(() => veil.stop());

  const jiraAs = (email: string, apiToken: string) =>
    createCloudClient({
      host: veil.url,
      auth: { type: 'basic', email, apiToken },
      onSchemaMismatch: 'throw',
    });

  it('reads who added whom to a group, by accountId, with the name as the admin sees it', async () => {
    const jira = jiraAs('olivia@acme.test', 'demo-token-olivia');
    const group = await jira.groups.createGroup({ name: 'audited-by-client' });
    await jira.groups.addUserToGroup({ groupId: group.groupId as string, accountId: demoIds.mia });
    const page = await jira.auditRecords.getAuditRecords({ filter: 'audited-by-client', limit: 10 });
    assert.equal(page.total, 2);
    const [added, created] = page.records ?? [];
    assert.equal(created?.summary, 'Group created');
    assert.equal(added?.summary, 'User added to group');
    assert.equal(added?.authorAccountId, demoIds.olivia);
    assert.equal(added?.objectItem?.id, demoIds.mia);
    assert.equal(added?.objectItem?.name, 'Mia Krystof');
    assert.equal(added?.associatedItems?.[0]?.id, group.groupId);
    assert.ok(added?.created instanceof Date);
  });

  it('is refused to someone who is not a site admin', async () => {
    const jira = jiraAs('mia@acme.test', 'demo-token-mia');
    await assert.rejects(jira.auditRecords.getAuditRecords({}), /403|permission|admin/i);
  });
});
