import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createV1Client, createV2Client } from 'confluence.js';
import { createCloudClient } from 'jira.js';
import { demoIds } from '../support/test-veil.ts';
import { startVeilProcess, type VeilProcess } from '../support/veil-process.ts';

/**
 * The clients people already use, unmodified, against a real `veil start` over real HTTP. Both check
 * every response against their own schemas (`onSchemaMismatch: 'throw'`), so a shape Veil gets wrong fails here.
 */
describe('jira.js and confluence.js against veil start', () => {
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

  it('reads users and the signed-in user with jira.js', async () => {
    const jira = jiraAs('noah@example.com', 'demo-token-noah');
    const me = await jira.myself.getCurrentUser({ expand: 'groups' });
    assert.equal(me.accountId, demoIds.noah);
    assert.equal(me.emailAddress, 'noah@example.com');
    const mia = await jira.users.getUser({ accountId: demoIds.mia });
    assert.equal(mia.displayName, 'Mia Krystof');
    assert.equal(mia.emailAddress, undefined, 'a hidden email stays hidden through the client');
    const groups = await jira.users.getUserGroups({ accountId: demoIds.mia });
    assert.ok(groups.some((g) => g.name === 'developers'));
  });

  it('searches users with jira.js, and finds nobody by a hidden email', async () => {
    const jira = jiraAs('noah@example.com', 'demo-token-noah');
    const found = await jira.userSearch.findUsers({ query: 'mia' });
    assert.ok(found.some((u) => u.accountId === demoIds.mia));
    assert.deepEqual(await jira.userSearch.findUsers({ query: 'mia@acme.test' }), []);
    const picker = await jira.userSearch.findUsersForPicker({ query: 'kry' });
    assert.ok(picker.users?.some((u) => u.accountId === demoIds.mia));
    const assignable = await jira.userSearch.findAssignableUsers({ project: 'ACME', query: 'a' });
    assert.ok(assignable.length > 0);
  });

  it('manages groups with jira.js as a site admin', async () => {
    const jira = jiraAs('olivia@acme.test', 'demo-token-olivia');
    const group = await jira.groups.createGroup({ name: 'client-made' });
    await jira.groups.addUserToGroup({ groupId: group.groupId!, accountId: demoIds.noah });
    const members = await jira.groups.getUsersFromGroup({ groupId: group.groupId! });
    assert.deepEqual(
      members.values?.map((u) => u.accountId),
      [demoIds.noah],
    );
    const foundGroups = await jira.groups.findGroups({ query: 'client' });
    assert.ok(foundGroups.groups?.some((g) => g.name === 'client-made'));
    await jira.groups.removeUserFromGroup({ groupId: group.groupId!, accountId: demoIds.noah });
    await jira.groups.removeGroup({ groupId: group.groupId! });
  });

  it('refuses wrong credentials with the error jira.js expects', async () => {
    const jira = jiraAs('noah@example.com', 'wrong-token');
    await assert.rejects(
      jira.myself.getCurrentUser(),
      (error: Error & { status?: number }) => error.status === 401 || /401/.test(String(error)),
    );
  });

  it('reads users with confluence.js v1 and v2', async () => {
    const v1 = createV1Client({
      host: veil.url,
      auth: { type: 'basic', email: 'ava@acme.test', apiToken: 'demo-token-ava' },
    });
    const current = await v1.users.getCurrentUser();
    assert.equal(current.accountId, demoIds.ava);
    const liam = await v1.users.getUser({ accountId: demoIds.liam });
    assert.equal(liam.publicName, 'L.O.');
    assert.equal(liam.email, '', 'the wiki gives hidden fields as empty strings');
    const bulk = await v1.users.getBulkUserLookup({ accountId: `${demoIds.mia},${demoIds.noah}` });
    assert.equal(bulk.results?.length, 2);
    const memberships = await v1.users.getGroupMembershipsForUser({ accountId: demoIds.mia });
    assert.ok((memberships.results ?? []).length > 0);
    const v2 = createV2Client({
      host: veil.url,
      auth: { type: 'basic', email: 'ava@acme.test', apiToken: 'demo-token-ava' },
    });
    const lookup = await v2.user.createBulkUserLookup({ body: { accountIds: [demoIds.mia] } });
    assert.equal(lookup.results?.[0]?.accountId, demoIds.mia);
  });
});
