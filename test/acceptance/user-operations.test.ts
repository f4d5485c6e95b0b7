import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createV2Client } from 'confluence.js';
import { createCloudClient } from 'jira.js';
import { Version3Client } from 'jira.js-5';
import { systemClock } from '../../src/clock/clock.ts';
import { startTestbedApps, type TestbedApps } from '../support/connect-testbed.ts';
import { demoIds } from '../support/test-veil.ts';
import { startVeilProcess, type VeilProcess } from '../support/veil-process.ts';

const appKey = 'com.example.clients';

/**
 * Issue 17's acceptance: jira.js 6 and 5 and confluence.js 3, unmodified, against a real `veil start`
 * (whose demo site follows the port it listens on): an app asks who it is, lists are sent in the
 * clients' own forms, and the new user operations answer an admin, a person and an app.
 */
describe('the user operations through jira.js 6 and 5 and confluence.js 3 against veil start', () => {
  let veil: VeilProcess;
  let apps: TestbedApps<'app'>;
  before(async () => {
    veil = await startVeilProcess(['--memory', '--port', '0']);
    apps = await startTestbedApps(
      { url: veil.url, clock: systemClock },
      {
        app: { key: appKey, scopes: ['READ', 'WRITE', 'DELETE'] },
      },
    );
  });
  after(async () => {
    await apps?.close();
    await veil?.stop();
  });

  const jiraAs = (email: string, apiToken: string) =>
    createCloudClient({
      host: veil.url,
      auth: { type: 'basic', email, apiToken },
      onSchemaMismatch: 'throw',
    });
  const jiraAsApp = () =>
    new Version3Client({
      host: veil.url,
      authentication: { jwt: { issuer: appKey, secret: apps.app.credentials(veil.url).sharedSecret } },
    });

  it('answers myself as a Connect app with the app user (jira.js 5, JWT)', async () => {
    const me = await jiraAsApp()
      .myself.getCurrentUser()
      .catch((error: { response?: { data?: unknown } }) => {
        throw new Error(JSON.stringify(error.response?.data));
      });
    assert.equal(me.accountType, 'app');
    const license = await jiraAsApp().sendRequest(
      { url: `/rest/atlassian-connect/1/addons/${appKey}`, method: 'GET' },
      undefined as never,
    );
    assert.deepEqual((license as { host: { contacts: unknown[] } }).host.contacts, [
      { accountId: demoIds.olivia },
    ]);
  });

  it('sends both expansions and two projects in jira.js 6’s repeated form', async () => {
    const jira = jiraAs('mia@acme.test', 'demo-token-mia');
    const me = await jira.myself.getCurrentUser({ expand: ['groups', 'applicationRoles'] });
    assert.ok((me.groups?.size ?? 0) > 0 && (me.applicationRoles?.size ?? 0) > 0);
    const users = await jira.userSearch.findBulkAssignableUsers({
      projectKeys: ['ACME', 'HELP'],
      query: 'a',
    });
    assert.ok(users.length > 0);
    const picker = await jira.userSearch.findUsersForPicker({ query: '', maxResults: 5 });
    assert.equal(typeof picker.total, 'number');
  });

  it('serves the new operations to an admin, a person and an app', async () => {
    const admin = jiraAs('olivia@acme.test', 'demo-token-olivia');
    assert.ok((await admin.users.getAllUsersDefault({ maxResults: 3 })).length === 3);
    const mia = jiraAs('mia@acme.test', 'demo-token-mia');
    await mia.userProperties.setUserProperty({ accountId: demoIds.mia, propertyKey: 'mine', body: { a: 1 } });
    const keys = await mia.userProperties.getUserPropertyKeys({ accountId: demoIds.mia });
    assert.deepEqual(
      keys.keys?.map((k) => k.key),
      ['mine'],
    );
    assert.equal((await mia.myself.getLocale()).locale?.length ? 'ok' : 'none', 'ok');
    const columns = await mia.users.getUserDefaultColumns({ accountId: demoIds.mia });
    assert.ok(columns.length > 0);
    const reference = await mia.jql.getAutoComplete();
    assert.ok(reference.visibleFieldNames?.some((f) => f.value === 'assignee'));
    const suggestions = await mia.jql.getFieldAutoCompleteForQueryString({
      fieldName: 'assignee',
      fieldValue: 'kry',
    });
    assert.deepEqual(
      suggestions.results?.map((s) => s.value),
      [demoIds.mia],
    );
    await assert.rejects(
      admin.userProperties.getUserProperty({ accountId: demoIds.mia, propertyKey: 'mine' }),
    );
    const app = jiraAsApp();
    await app.userProperties.setUserProperty({
      accountId: demoIds.noah,
      propertyKey: 'app-data',
      propertyValue: { b: 2 },
    });
    const stored = await app.userProperties.getUserProperty({
      accountId: demoIds.noah,
      propertyKey: 'app-data',
    });
    assert.deepEqual(stored.value, { b: 2 });
    const wiki = createV2Client({
      host: veil.url,
      auth: { type: 'basic', email: 'olivia@acme.test', apiToken: 'demo-token-olivia' },
    });
    const access = await wiki.user.checkAccessByEmail({
      body: { emails: ['mia@acme.test', 'nobody@example.org'] },
    });
    assert.deepEqual(access.emailsWithoutAccess, ['nobody@example.org']);
  });

  it('finds people by the structured user query, for a person (jira.js 6) and an app (jira.js 5)', async () => {
    const mia = jiraAs('mia@acme.test', 'demo-token-mia');
    const issues = await mia.issueSearch.searchAndReconsileIssuesUsingJql({
      jql: 'project = ACME AND assignee is not EMPTY',
      fields: ['assignee'],
      maxResults: 100,
    });
    const assignees = new Set(
      (issues.issues ?? []).flatMap((issue) => issue.fields?.assignee?.accountId ?? []),
    );
    assert.ok(assignees.size > 0, 'the demo has assigned issues');
    const found = await mia.userSearch.findUsersByQuery({ query: 'is assignee of ACME', maxResults: 50 });
    assert.deepEqual(new Set((found.values ?? []).map((user) => user.accountId)), assignees);
    const keys = await jiraAsApp().userSearch.findUserKeysByQuery({ query: 'is assignee of ACME' });
    assert.deepEqual(new Set((keys.values ?? []).map((key) => key.accountId)), assignees);
    await assert.rejects(mia.userSearch.findUsersByQuery({ query: 'is friend of ACME' }));
  });
});
