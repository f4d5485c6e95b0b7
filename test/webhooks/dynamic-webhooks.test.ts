import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type ListeningVeil, signAppRequest, type TestApp } from '../connect/connect-support.ts';
import { testBackends } from '../support/backends.ts';
import { startConnectTestbed } from '../support/connect-testbed.ts';
import { SpecValidator } from '../support/openapi.ts';
import { demoPerson } from '../support/test-veil.ts';
import { createAccountThroughApi } from '../support/world-builders.ts';

const spec = new SpecValidator();
const thirtyDays = 30 * 24 * 60 * 60 * 1000;

for (const backend of testBackends()) {
  describe(`webhooks registered through the REST API on ${backend.name}`, () => {
    let veil: ListeningVeil;
    let app: TestApp;
    let issues: TestApp;
    before(async () => {
      ({ veil, app, issues } = await startConnectTestbed(backend, {
        app: {},
        issues: { key: 'com.example.issues' },
      }));
      await veil.app.jobs.runDue();
      app.webhooks.length = 0;
    });
    after(() => veil.close());

    const call = (
      who: TestApp,
      method: 'GET' | 'POST' | 'PUT' | 'DELETE',
      url: string,
      body?: unknown,
      iss = who === issues ? 'com.example.issues' : 'com.example.test-app',
    ) =>
      veil.request({
        method,
        url,
        headers: { authorization: `JWT ${signAppRequest(who.credentials(), veil, method, url, { iss })}` },
        ...(body !== undefined ? { body } : {}),
      });
    const linkNewAccount = async (email: string) => {
      const created = await createAccountThroughApi(veil, { email, fullName: 'New Person' });
      const { accountId } = created.json();
      await veil.request({
        method: 'PUT',
        url: `/veil/v1/sites/acme/accounts/${accountId}`,
        as: demoPerson('olivia'),
        body: { products: ['jira'] },
      });
      return accountId as string;
    };

    it('registers webhooks, answering for each: an id, or why not', async () => {
      const registered = await call(app, 'POST', '/rest/api/3/webhook', {
        url: `${app.baseUrl}/webhooks/dynamic`,
        webhooks: [
          { events: ['user_created', 'user_updated'] },
          { events: ['jira:issue_created'], jqlFilter: 'project = ACME' },
          { events: ['jira:issue_created'] },
          { events: ['jira:issue_updated'], jqlFilter: 'project = = ACME' },
          { events: ['user_exploded'] },
        ],
      });
      assert.equal(registered.statusCode, 200, registered.body);
      const results = registered.json().webhookRegistrationResult;
      assert.ok(Number.isInteger(results[0].createdWebhookId));
      assert.ok(Number.isInteger(results[1].createdWebhookId));
      assert.deepEqual(results[2], { errors: ['Issue events need a jqlFilter'] });
      assert.match(results[3].errors[0], /not valid JQL/);
      assert.deepEqual(results[4], { errors: ['The event user_exploded is not supported'] });
      assert.deepEqual(spec.validate('jira', 'POST', '/rest/api/3/webhook', 200, registered.json()), []);
    });

    it('lists, in the spec’s shape, the live webhooks of the calling app only', async () => {
      const made = await call(issues, 'POST', '/rest/api/2/webhook', {
        url: '/webhooks/issues',
        webhooks: [
          { events: ['jira:issue_updated'], jqlFilter: 'project = ACME', fieldIdsFilter: ['summary'] },
        ],
      });
      assert.equal(made.statusCode, 200, made.body);
      const listed = await call(issues, 'GET', '/rest/api/3/webhook');
      assert.equal(listed.statusCode, 200, listed.body);
      const page = listed.json();
      assert.deepEqual(spec.validate('jira', 'GET', '/rest/api/3/webhook', 200, page), []);
      assert.equal(page.total, 1);
      assert.equal(
        page.values[0].url,
        `${issues.baseUrl}/webhooks/issues`,
        'a path is taken under the base URL',
      );
      assert.equal(page.values[0].expirationDate, veil.clock.now().getTime() + thirtyDays);
      assert.deepEqual(page.values[0].fieldIdsFilter, ['summary']);
      assert.equal((await call(app, 'GET', '/rest/api/3/webhook')).json().total, 2);
    });

    it('sends a registered user event to its URL with the ids of the webhooks that matched', async () => {
      const accountId = await linkNewAccount('dyn-one@example.net');
      await veil.app.jobs.runDue();
      const received = app.webhooks.filter((w) => w.target === '/webhooks/dynamic');
      assert.equal(received.length, 1);
      assert.equal(received[0]?.problem, undefined);
      const body = received[0]?.body as {
        webhookEvent: string;
        matchedWebhookIds: number[];
        user: { accountId: string };
      };
      assert.equal(body.webhookEvent, 'user_created');
      assert.equal(body.user.accountId, accountId);
      const ids = (await call(app, 'GET', '/rest/api/3/webhook'))
        .json()
        .values.map((v: { id: number }) => v.id);
      assert.deepEqual(body.matchedWebhookIds, [ids[0]]);
      assert.equal(issues.webhooks.length, 0, 'an app that asked for issue events only hears nothing');
    });

    it('keeps one URL per app, and only under the app’s base URL', async () => {
      const other = await call(app, 'POST', '/rest/api/3/webhook', {
        url: `${app.baseUrl}/webhooks/elsewhere`,
        webhooks: [{ events: ['user_deleted'] }],
      });
      assert.equal(other.statusCode, 200);
      assert.match(other.json().webhookRegistrationResult[0].errors[0], /single URL per app/);
      const outside = await call(app, 'POST', '/rest/api/3/webhook', {
        url: 'http://evil.example/collect',
        webhooks: [{ events: ['user_deleted'] }],
      });
      assert.equal(outside.statusCode, 400);
      assert.deepEqual(Object.keys(outside.json()).sort(), ['errorMessages', 'errors']);
      const malformed = await call(app, 'POST', '/rest/api/3/webhook', { url: '/x', hooks: [] });
      assert.equal(malformed.statusCode, 400);
    });

    it('is for apps only', async () => {
      for (const method of ['GET', 'POST', 'DELETE'] as const) {
        const byPerson = await veil.request({
          method,
          url: '/rest/api/3/webhook',
          as: demoPerson('olivia'),
          ...(method === 'GET'
            ? {}
            : { body: method === 'POST' ? { url: '/x', webhooks: [] } : { webhookIds: [] } }),
        });
        assert.equal(byPerson.statusCode, 403, `${method}: ${byPerson.body}`);
        assert.deepEqual(spec.validateComponent('jira', 'ErrorCollection', byPerson.json()), []);
      }
    });

    it('refreshes for 30 days from now, ignores others’ ids, and lets webhooks expire', async () => {
      const mine = (await call(app, 'GET', '/rest/api/3/webhook'))
        .json()
        .values.map((v: { id: number }) => v.id);
      const theirs = (await call(issues, 'GET', '/rest/api/3/webhook'))
        .json()
        .values.map((v: { id: number }) => v.id);
      veil.clock.advance(10 * 24 * 60 * 60 * 1000);
      const refreshed = await call(app, 'PUT', '/rest/api/3/webhook/refresh', {
        webhookIds: [mine[0], ...theirs],
      });
      assert.equal(refreshed.statusCode, 200, refreshed.body);
      assert.deepEqual(
        spec.validate('jira', 'PUT', '/rest/api/3/webhook/refresh', 200, refreshed.json()),
        [],
      );
      assert.equal(refreshed.json().expirationDate, veil.clock.now().getTime() + thirtyDays);
      veil.clock.advance(25 * 24 * 60 * 60 * 1000);
      const live = (await call(app, 'GET', '/rest/api/3/webhook'))
        .json()
        .values.map((v: { id: number }) => v.id);
      assert.deepEqual(live, [mine[0]], 'the refreshed one lives; the other expired');
      assert.equal(
        (await call(issues, 'GET', '/rest/api/3/webhook')).json().total,
        0,
        'not refreshed by another app',
      );
      veil.clock.advance(6 * 24 * 60 * 60 * 1000);
      app.webhooks.length = 0;
      await linkNewAccount('dyn-two@example.net');
      await veil.app.jobs.runDue();
      assert.equal(app.webhooks.length, 0, 'an expired webhook sends nothing');
    });

    it('removes the calling app’s webhooks by id', async () => {
      const made = await call(app, 'POST', '/rest/api/3/webhook', {
        url: `${app.baseUrl}/webhooks/dynamic`,
        webhooks: [{ events: ['user_deleted'] }],
      });
      const id = made.json().webhookRegistrationResult[0].createdWebhookId;
      const otherApp = await call(issues, 'DELETE', '/rest/api/3/webhook', { webhookIds: [id] });
      assert.equal(otherApp.statusCode, 202);
      assert.equal((await call(app, 'GET', '/rest/api/3/webhook')).json().total, 1);
      const removed = await call(app, 'DELETE', '/rest/api/3/webhook', { webhookIds: [id] });
      assert.equal(removed.statusCode, 202);
      assert.equal((await call(app, 'GET', '/rest/api/3/webhook')).json().total, 0);
      const missing = await call(app, 'DELETE', '/rest/api/3/webhook', {});
      assert.equal(missing.statusCode, 400);
    });

    it('shows the app’s subscriptions to admins of the site', async () => {
      const made = await call(app, 'POST', '/rest/api/3/webhook', {
        url: `${app.baseUrl}/webhooks/dynamic`,
        webhooks: [{ events: ['user_updated'] }],
      });
      const webhookId = made.json().webhookRegistrationResult[0].createdWebhookId;
      const url = '/veil/v1/sites/acme/apps/com.example.test-app/webhooks';
      const listed = await veil.request({ url, as: demoPerson('olivia') });
      assert.equal(listed.statusCode, 200, listed.body);
      assert.deepEqual(listed.json(), [
        {
          source: 'registered',
          events: ['user_updated'],
          url: `${app.baseUrl}/webhooks/dynamic`,
          webhookId,
          expiresAt: new Date(veil.clock.now().getTime() + thirtyDays).toISOString(),
        },
      ]);
      assert.equal((await veil.request({ url, as: demoPerson('mia') })).statusCode, 403);
    });
  });
}
