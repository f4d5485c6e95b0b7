import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { type ListeningVeil, signAppRequest, type TestApp } from '../connect/connect-support.ts';
import { testBackends } from '../support/backends.ts';
import { startConnectTestbed } from '../support/connect-testbed.ts';
import { SpecValidator } from '../support/openapi.ts';
import { demoIds, demoPerson } from '../support/test-veil.ts';
import { createAccountThroughApi } from '../support/world-builders.ts';

const spec = new SpecValidator();
const publicUserFields = ['self', 'accountId', 'accountType', 'avatarUrls', 'displayName', 'active'];

for (const backend of testBackends()) {
  describe(`webhooks from the descriptor on ${backend.name}`, () => {
    let veil: ListeningVeil;
    let app: TestApp;
    before(async () => {
      ({ veil, app } = await startConnectTestbed(backend, {
        app: {
          webhooks: [
            // biome-ignore lint/suspicious/noTemplateCurlyInString: a descriptor URL variable, filled in by Veil.
            { event: 'user_updated', url: '/webhooks/user-updated?user=${modifiedUser.accountId}' },
            { event: 'user_created', url: '/webhooks/user-created' },
            { event: 'user_deleted', url: '/webhooks/user-deleted' },
          ],
        },
      }));
      // The app's own user appearing on the site is announced to the apps already there, not to itself.
      await veil.app.jobs.runDue();
    });
    after(() => veil.close());
    beforeEach(() => {
      app.webhooks.length = 0;
      app.answerWebhooksWith(204);
    });

    const deliveries = async () =>
      (
        await veil.request({
          url: '/veil/v1/sites/acme/apps/com.example.test-app/webhook-deliveries',
          as: demoPerson('olivia'),
        })
      ).json() as { total: number; values: Record<string, unknown>[] };

    it('tells the app of a profile change, signed for it, with public fields only', async () => {
      const changed = await veil.request({
        method: 'PATCH',
        url: '/veil/v1/me/profile',
        as: demoPerson('mia'),
        body: { jobTitle: 'Principal Engineer', location: 'Sydney' },
      });
      assert.equal(changed.statusCode, 200, changed.body);
      assert.equal(app.webhooks.length, 0, 'nothing is sent inside the request');
      await veil.app.jobs.runDue();
      assert.equal(app.webhooks.length, 1);
      const [webhook] = app.webhooks;
      assert.equal(webhook?.problem, undefined);
      assert.equal(webhook?.target, `/webhooks/user-updated?user=${demoIds.mia}`);
      assert.equal(webhook?.claims?.iss, app.credentials().clientKey);
      assert.equal(webhook?.claims?.sub, demoIds.mia, 'sub is the person who made the change');
      assert.equal(webhook?.flow, 'Primary');
      assert.equal(webhook?.retry, undefined);
      assert.equal(webhook?.connectVersion, '1001.0.0');
      assert.ok(webhook?.identifier);
      const body = webhook?.body as {
        webhookEvent: string;
        timestamp: number;
        user: Record<string, unknown>;
      };
      assert.equal(body.webhookEvent, 'user_updated');
      assert.equal(body.timestamp, veil.clock.now().getTime());
      assert.equal(body.user.accountId, demoIds.mia);
      assert.equal(body.user.accountType, 'atlassian');
      assert.equal(body.user.displayName, 'Mia Krystof');
      // Mia is managed by Acme: her time zone and avatar are for the organization, her email for her.
      assert.deepEqual(Object.keys(body.user).sort(), [...publicUserFields].sort());
      assert.match(String((body.user.avatarUrls as Record<string, string>)['48x48']), /masked/);
      // The webhook's user is the one the same app reads from the user API: one renderer, one decision.
      const url = `/rest/api/2/user?accountId=${demoIds.mia}`;
      const read = await veil.request({
        url,
        headers: { authorization: `JWT ${signAppRequest(app.credentials(), veil, 'GET', url)}` },
      });
      assert.equal(read.statusCode, 200, read.body);
      assert.deepEqual(body.user, read.json());
    });

    it('retries what the app may accept later, with the same identifier, and logs every attempt', async () => {
      app.answerWebhooksWith(503);
      await veil.request({
        method: 'PUT',
        url: '/veil/v1/me/visibility',
        as: demoPerson('noah'),
        body: { location: 'only-you' },
      });
      await veil.app.jobs.runDue();
      assert.equal(app.webhooks.length, 1);
      await veil.app.jobs.runDue();
      assert.equal(app.webhooks.length, 1, 'not again before the backoff');
      app.answerWebhooksWith(200);
      veil.clock.advance(5000);
      await veil.app.jobs.runDue();
      const [first, second] = app.webhooks;
      assert.equal(second?.identifier, first?.identifier);
      assert.equal(second?.flow, 'Secondary');
      assert.equal(second?.retry, '1');
      assert.equal((second?.body.user as Record<string, unknown> | undefined)?.location, undefined);
      const log = await deliveries();
      const entry = log.values.find((d) => d.deliveryId === first?.identifier);
      assert.equal(entry?.status, 'delivered');
      assert.deepEqual(
        ((entry?.attempts ?? []) as { attempt: number; responseStatus: number; outcome: string }[]).map(
          (a) => [a.attempt, a.responseStatus, a.outcome],
        ),
        [
          [1, 503, 'retrying'],
          [2, 200, 'delivered'],
        ],
      );
    });

    it('gives up on an answer that will not change, and lists it as failed', async () => {
      app.answerWebhooksWith(400);
      const changed = await veil.request({
        method: 'PATCH',
        url: '/veil/v1/me/profile',
        as: demoPerson('sofia'),
        body: { jobTitle: 'QA' },
      });
      assert.equal(changed.statusCode, 200, changed.body);
      await veil.app.jobs.runDue();
      veil.clock.advance(60_000);
      await veil.app.jobs.runDue();
      assert.equal(app.webhooks.length, 1);
      const failed = (await deliveries()).values.find((d) => d.deliveryId === app.webhooks[0]?.identifier);
      assert.equal(failed?.status, 'failed');
      assert.equal(failed?.lastError, 'the app answered 400');
      const url = '/rest/api/3/webhook/failed';
      const listed = await veil.request({
        url,
        headers: { authorization: `JWT ${signAppRequest(app.credentials(), veil, 'GET', url)}` },
      });
      assert.equal(listed.statusCode, 200, listed.body);
      assert.ok(listed.json().values.some((v: { id: string }) => v.id === app.webhooks[0]?.identifier));
      assert.deepEqual(spec.validate('jira', 'GET', '/rest/api/3/webhook/failed', 200, listed.json()), []);
    });

    it('says user_created when a site links an account, and user_deleted, naming the account only, when it unlinks it', async () => {
      const created = await createAccountThroughApi(veil, {
        email: 'zoe@example.net',
        fullName: 'Zoe Quist',
      });
      assert.equal(created.statusCode, 201, created.body);
      const { accountId } = created.json();
      const link = (method: 'PUT' | 'DELETE') =>
        veil.request({
          method,
          url: `/veil/v1/sites/acme/accounts/${accountId}`,
          as: demoPerson('olivia'),
          ...(method === 'PUT' ? { body: { products: ['jira'] } } : {}),
        });
      assert.equal((await link('PUT')).statusCode, 200);
      assert.equal((await link('PUT')).statusCode, 200, 'linked again: no second user_created');
      assert.equal((await link('DELETE')).statusCode, 204);
      await veil.app.jobs.runDue();
      assert.deepEqual(
        // Deliveries run side by side: they arrive in any order, as the product's do.
        app.webhooks.map((w) => [w.target, (w.body as { webhookEvent: string }).webhookEvent]).sort(),
        [
          ['/webhooks/user-created', 'user_created'],
          ['/webhooks/user-deleted', 'user_deleted'],
        ],
      );
      assert.equal(
        app.webhooks.every((w) => w.claims?.sub === demoIds.olivia),
        true,
      );
      const deleted = app.webhooks.find((w) => w.target === '/webhooks/user-deleted');
      assert.deepEqual(deleted?.body.user, { accountId, accountType: 'atlassian' });
    });

    it("tells only the site's apps when its admin deactivates a person there, with the user inactive on it", async () => {
      const setActive = (accountId: string, active: boolean, as: 'olivia' | 'sofia', host?: string) =>
        veil.request({
          method: 'PUT',
          url: `/rest/api/2/user?accountId=${accountId}`,
          as: demoPerson(as),
          body: { active },
          ...(host ? { headers: { host } } : {}),
        });
      const elsewhere = await setActive(demoIds.mia, false, 'sofia', 'globex.localhost');
      assert.equal(elsewhere.statusCode, 200, elsewhere.body);
      await veil.app.jobs.runDue();
      assert.equal(app.webhooks.length, 0, 'the app is not on globex: it hears nothing');
      assert.equal((await setActive(demoIds.mia, true, 'sofia', 'globex.localhost')).statusCode, 200);
      await veil.app.jobs.runDue();
      app.webhooks.length = 0;

      assert.equal((await setActive(demoIds.noah, false, 'olivia')).statusCode, 200, 'on acme only');
      await veil.app.jobs.runDue();
      const userActive = (index: number) => {
        const told = app.webhooks[index];
        assert.ok(told, `webhook ${index}`);
        assert.equal(told.body.webhookEvent, 'user_updated');
        assert.equal(told.claims?.sub, demoIds.olivia);
        return (told.body.user as { accountId: string; active: boolean }).active;
      };
      assert.equal(app.webhooks.length, 1);
      assert.equal(userActive(0), false, 'inactive on acme');
      assert.equal((await setActive(demoIds.noah, true, 'olivia')).statusCode, 200);
      await veil.app.jobs.runDue();
      assert.equal(userActive(1), true);
    });

    it("tells the apps of a domain's accounts when a platform admin verifies it, once, and removes it", async () => {
      const pat = demoPerson('pat');
      const created = await createAccountThroughApi(veil, {
        email: 'rio@partner-domain.test',
        fullName: 'Rio Tanaka',
      });
      assert.equal(created.statusCode, 201, created.body);
      const rio = created.json().accountId as string;
      const linked = await veil.request({
        method: 'PUT',
        url: `/veil/v1/sites/acme/accounts/${rio}`,
        as: demoPerson('olivia'),
        body: { products: ['jira'] },
      });
      assert.equal(linked.statusCode, 200, linked.body);
      await veil.app.jobs.runDue();
      app.webhooks.length = 0;

      const domain = '/veil/v1/organizations/globex/domains/partner-domain.test';
      const told = async (method: 'PUT' | 'DELETE') => {
        const response = await veil.request({ method, url: domain, as: pat });
        assert.equal(response.statusCode, 200, response.body);
        await veil.app.jobs.runDue();
        const heard = app.webhooks.map((w) => [
          w.body.webhookEvent,
          (w.body.user as { accountId: string }).accountId,
        ]);
        app.webhooks.length = 0;
        return heard;
      };
      assert.deepEqual(await told('PUT'), [['user_updated', rio]], 'managed by globex now');
      assert.deepEqual(await told('PUT'), [], 'verified already: nothing changed');
      assert.deepEqual(await told('DELETE'), [['user_updated', rio]], 'unmanaged again');
    });

    it('writes nothing when the change fails', async () => {
      const before = (await deliveries()).total;
      const refused = await veil.request({
        method: 'PATCH',
        url: '/veil/v1/me/profile',
        as: demoPerson('mia'),
        body: { fullName: '' },
      });
      assert.equal(refused.statusCode, 400);
      assert.equal((await deliveries()).total, before);
    });

    it('lets only admins of the site read the delivery log', async () => {
      const log = await veil.request({
        url: '/veil/v1/sites/acme/apps/com.example.test-app/webhook-deliveries',
        as: demoPerson('mia'),
      });
      assert.equal(log.statusCode, 403);
      const missing = await veil.request({
        url: '/veil/v1/sites/acme/apps/com.example.test-app/webhook-deliveries/nope',
        as: demoPerson('olivia'),
      });
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.json().code, 'webhook.delivery_not_found');
    });

    it('drops what is still to be sent once the app is disabled', async () => {
      await veil.request({
        method: 'PATCH',
        url: '/veil/v1/me/profile',
        as: demoPerson('mia'),
        body: { jobTitle: 'Staff Engineer' },
      });
      const disabled = await veil.request({
        method: 'PATCH',
        url: '/veil/v1/sites/acme/apps/com.example.test-app',
        as: demoPerson('olivia'),
        body: { enabled: false },
      });
      assert.equal(disabled.statusCode, 200, disabled.body);
      await veil.app.jobs.runDue();
      assert.equal(app.webhooks.length, 0);
      assert.equal((await deliveries()).values[0]?.status, 'dropped');
      await veil.request({
        method: 'PATCH',
        url: '/veil/v1/sites/acme/apps/com.example.test-app',
        as: demoPerson('olivia'),
        body: { enabled: true },
      });
    });
  });
}
