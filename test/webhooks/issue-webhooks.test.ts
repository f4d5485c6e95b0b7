import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { findAccounts } from '../../src/accounts/accounts.service.ts';
import type { Viewer } from '../../src/visibility/visibility.ts';
import { type ListeningVeil, signAppRequest, type TestApp } from '../connect/connect-support.ts';
import { testBackends } from '../support/backends.ts';
import { startConnectTestbed } from '../support/connect-testbed.ts';
import { fieldValues, findLeaks, valuesVisibleTo } from '../support/privacy.ts';
import { demoIds, demoPerson } from '../support/test-veil.ts';

const mia = demoPerson('mia');
// biome-ignore lint/suspicious/noExplicitAny: webhook bodies are read loosely, as an app does
type Body = Record<string, any>;

// The descriptor's webhooks; a `filter` the test app's type does not name is passed through as given.
const descriptorWebhooks = [
  { event: 'jira:issue_updated', url: '/webhooks/updated' },
  { event: 'jira:issue_created', url: '/webhooks/created', filter: 'project = HELP' },
  { event: 'jira:issue_deleted', url: '/webhooks/deleted' },
  { event: 'comment_created', url: '/webhooks/comment' },
  { event: 'comment_deleted', url: '/webhooks/comment-deleted' },
  { event: 'worklog_created', url: '/webhooks/worklog' },
  { event: 'worklog_updated', url: '/webhooks/worklog-updated' },
] as { event: string; url: string }[];

for (const backend of testBackends()) {
  describe(`issue webhooks on ${backend.name}`, () => {
    let veil: ListeningVeil;
    let app: TestApp;
    before(async () => {
      ({ veil, app } = await startConnectTestbed(backend, {
        app: { scopes: ['READ', 'WRITE', 'DELETE'], webhooks: descriptorWebhooks },
      }));
      await veil.app.jobs.runDue();
      app.webhooks.length = 0;
    });
    after(() => veil.close());

    const received = async (target: string): Promise<Body[]> => {
      await veil.app.jobs.runDue();
      return app.webhooks.filter((w) => w.target === target && !w.problem).map((w) => w.body as Body);
    };

    it('sends jira:issue_updated for an assignment: accountIds, the changelog, public fields only', async () => {
      const assigned = await veil.request({
        method: 'PUT',
        url: '/rest/api/3/issue/ACME-1/assignee',
        as: mia,
        body: { accountId: demoIds.liam },
      });
      assert.equal(assigned.statusCode, 204, assigned.body);
      const [body] = await received('/webhooks/updated');
      assert.ok(body, 'the app heard of it');
      assert.equal(body.webhookEvent, 'jira:issue_updated');
      assert.equal(body.issue_event_type_name, 'issue_assigned');
      assert.equal(body.user.accountId, demoIds.mia);
      assert.equal(body.issue.key, 'ACME-1');
      assert.equal(body.issue.fields.assignee.accountId, demoIds.liam);
      assert.equal(body.issue.fields.assignee.emailAddress, undefined, 'Liam hides his email');
      const item = body.changelog.items.find((i: Body) => i.field === 'assignee');
      assert.equal(item.from, demoIds.noah);
      assert.equal(item.to, demoIds.liam);
      assert.equal(item.toString, body.issue.fields.assignee.displayName);
      assert.ok(body.changelog.id);
      assert.doesNotMatch(JSON.stringify(body), /liam@|Liam Okafor/);
    });

    it('sends comment and worklog events with their authors rendered for the app', async () => {
      const comment = await veil.request({
        method: 'POST',
        url: '/rest/api/2/issue/ACME-3/comment',
        as: mia,
        body: { body: 'Ping [~accountid:5f0c1a9e2b7d4c8e9a1b3c05]' },
      });
      assert.equal(comment.statusCode, 201, comment.body);
      const [created] = await received('/webhooks/comment');
      assert.equal(created?.webhookEvent, 'comment_created');
      assert.equal(created?.comment.id, comment.json().id);
      assert.equal(created?.comment.author.accountId, demoIds.mia);
      assert.equal(created?.issue.key, 'ACME-3');
      const url = `/rest/api/2/issue/ACME-3/comment/${comment.json().id}`;
      assert.equal((await veil.request({ method: 'DELETE', url, as: mia })).statusCode, 204);
      const [deleted] = await received('/webhooks/comment-deleted');
      assert.deepEqual(deleted?.comment.id, comment.json().id);
      const worklog = await veil.request({
        method: 'POST',
        url: '/rest/api/3/issue/ACME-3/worklog',
        as: mia,
        body: { timeSpent: '1h', started: '2026-11-20T09:00:00.000+0000' },
      });
      assert.equal(worklog.statusCode, 201, worklog.body);
      const [logged] = await received('/webhooks/worklog');
      assert.equal(logged?.webhookEvent, 'worklog_created');
      assert.equal(logged?.worklog.id, worklog.json().id);
      assert.equal(logged?.worklog.author.accountId, demoIds.mia);
      assert.equal(logged?.worklog.timeSpentSeconds, 3600);
    });

    it('names a restricted comment by its ids only: an app is in no group', async () => {
      app.webhooks.length = 0;
      const comment = await veil.request({
        method: 'POST',
        url: '/rest/api/2/issue/ACME-3/comment',
        as: mia,
        body: { body: 'Developers only', visibility: { type: 'group', value: 'developers' } },
      });
      assert.equal(comment.statusCode, 201, comment.body);
      const [created] = await received('/webhooks/comment');
      assert.equal(created?.comment.id, comment.json().id);
      assert.equal(created?.comment.body, undefined);
      assert.doesNotMatch(JSON.stringify(created), /Developers only/);
    });

    it('applies a filter the parser decides (project), and sends deletions by ids', async () => {
      const create = (project: string) =>
        veil.request({
          method: 'POST',
          url: '/rest/api/3/issue',
          as: mia,
          body: { fields: { project: { key: project }, issuetype: { name: 'Task' }, summary: 'Hooked' } },
        });
      assert.equal((await create('ACME')).statusCode, 201);
      const help = await create('HELP');
      assert.equal(help.statusCode, 201, help.body);
      const created = await received('/webhooks/created');
      assert.deepEqual(
        created.map((b) => b.issue.key),
        [help.json().key],
        'only the HELP issue passes project = HELP',
      );
      const removed = await veil.request({
        method: 'DELETE',
        url: `/rest/api/3/issue/${help.json().key}`,
        as: demoPerson('olivia'),
      });
      assert.equal(removed.statusCode, 204, removed.body);
      const [deleted] = await received('/webhooks/deleted');
      assert.equal(deleted?.webhookEvent, 'jira:issue_deleted');
      assert.equal(deleted?.issue.key, help.json().key);
      assert.equal(deleted?.user.accountId, demoIds.olivia);
    });

    it('lets no field the decision hides from the app out, in any person or any string of any body', async () => {
      const people = Object.values(demoIds);
      for (const accountId of people) {
        await veil.request({
          method: 'PUT',
          url: '/rest/api/2/issue/ACME-8/assignee',
          as: mia,
          body: { accountId },
        });
      }
      const mentions = people.map((id) => `[~accountid:${id}]`).join(' ');
      for (const id of people) {
        const text = `Thanks [~accountid:${id}]`;
        await veil.request({
          method: 'POST',
          url: '/rest/api/2/issue/ACME-9/comment',
          as: mia,
          body: { body: text },
        });
        await veil.request({
          method: 'POST',
          url: '/rest/api/2/issue/ACME-9/worklog',
          as: mia,
          body: { timeSpentSeconds: 60, started: '2026-11-20T09:00:00Z', comment: text },
        });
      }
      await veil.request({
        method: 'PUT',
        url: '/rest/api/2/issue/ACME-9',
        as: mia,
        body: { fields: { description: mentions } },
      });
      await veil.app.jobs.runDue();
      const bodies = app.webhooks.filter((w) => !w.problem).map((w) => w.body);
      assert.ok(bodies.length > 10, `only ${bodies.length} bodies were sent`);
      const accounts = await findAccounts(veil.store.db, people);
      const row = await veil.store.db
        .selectFrom('connect_apps')
        .select('account_id')
        .where('app_key', '=', 'com.example.test-app')
        .executeTakeFirstOrThrow();
      const viewer: Viewer = {
        kind: 'app',
        appKey: 'com.example.test-app',
        accountId: String(row.account_id),
      };
      const visible = valuesVisibleTo(accounts, viewer);
      const hidden = [...new Set(accounts.flatMap((a) => fieldValues(a, viewer, false)))].filter(
        (value) => !visible.has(value) && value !== 'acme',
      );
      assert.ok(hidden.length > 5, 'the demo hides fields from apps');
      for (const body of bodies) assert.deepEqual(findLeaks(body, hidden, visible), [], JSON.stringify(body));
    });

    it('sends to webhooks the app registered, with their matchedWebhookIds', async () => {
      const url = '/rest/api/3/webhook';
      const registered = await veil.request({
        method: 'POST',
        url,
        headers: { authorization: `JWT ${signAppRequest(app.credentials(), veil, 'POST', url)}` },
        body: {
          url: `${app.baseUrl}/webhooks/dynamic`,
          webhooks: [
            { events: ['jira:issue_updated'], jqlFilter: 'project = ACME' },
            { events: ['jira:issue_updated'], jqlFilter: 'project = HELP' },
            // Decided by the issue search, on the issue as the edit leaves it; currentUser() is the app.
            { events: ['jira:issue_updated'], jqlFilter: 'assignee = currentUser()' },
            { events: ['jira:issue_updated'], jqlFilter: 'summary ~ "hook" AND status = "To Do"' },
            { events: ['jira:issue_updated'], jqlFilter: 'summary ~ "nothing like it"' },
          ],
        },
      });
      assert.equal(registered.statusCode, 200, registered.body);
      const [acme, , , summary] = registered.json().webhookRegistrationResult;
      const status = await veil.request({ method: 'GET', url: '/rest/api/3/issue/ACME-6', as: mia });
      assert.equal(status.json().fields.status.name, 'To Do', 'the filter below relies on it');
      const edited = await veil.request({
        method: 'PUT',
        url: '/rest/api/3/issue/ACME-6',
        as: mia,
        body: { fields: { summary: 'Renamed for the hook' } },
      });
      assert.equal(edited.statusCode, 204, edited.body);
      const [body] = await received('/webhooks/dynamic');
      assert.deepEqual(body?.matchedWebhookIds, [acme.createdWebhookId, summary.createdWebhookId]);
      assert.equal(body?.changelog.items[0].field, 'summary');
    });
  });
}
