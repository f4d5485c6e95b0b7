import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readScenarioFile } from '../../src/scenarios/scenario.loader.ts';
import type { ListeningVeil, TestApp } from '../connect/connect-support.ts';
import { testBackends } from '../support/backends.ts';
import { startConnectTestbed } from '../support/connect-testbed.ts';

const migrationScenario = (
  await readScenarioFile(fileURLToPath(new URL('../../scenarios/migration.json', import.meta.url)))
).scenario;
const olivia = { email: 'olivia@acme.test', token: 'migration-token-olivia' };
const mia = { id: '6a1c0e2f3b4d5e6f7a8b9c03', email: 'mia@acme.test', token: 'migration-token-mia' };
const updatedUrl =
  // biome-ignore lint/suspicious/noTemplateCurlyInString: descriptor URL variables, filled in by Veil.
  '/webhooks/updated?user=${modifiedUser.name}&key=${modifiedUser.key}&id=${modifiedUser.accountId}';

/**
 * The migration period as apps see it: an app that did not opt in to the GDPR migration, on a site in
 * the legacy stage, gets usernames and keys beside accountIds (as the migration guide describes); an app
 * that opted in never does; once the stage ends, neither does.
 */
for (const backend of testBackends()) {
  describe(`webhooks and callbacks in the migration period on ${backend.name}`, () => {
    let veil: ListeningVeil;
    let legacyApp: TestApp;
    let gdprApp: TestApp;
    before(async () => {
      const webhooks = [{ event: 'user_updated', url: updatedUrl }];
      const install = { siteId: 'legacy', as: olivia };
      ({ veil, legacyApp, gdprApp } = await startConnectTestbed(
        backend,
        {
          legacyApp: { key: 'com.example.not-opted-in', gdpr: false, webhooks, install },
          gdprApp: { key: 'com.example.opted-in', gdpr: true, webhooks, install },
        },
        { scenario: migrationScenario },
      ));
      await veil.app.jobs.runDue();
    });
    after(() => veil.close());

    const changeMiasTitle = async (jobTitle: string) => {
      for (const app of [legacyApp, gdprApp]) app.webhooks.length = 0;
      const changed = await veil.request({
        method: 'PATCH',
        url: '/veil/v1/me/profile',
        as: mia,
        body: { jobTitle },
      });
      assert.equal(changed.statusCode, 200, changed.body);
      await veil.app.jobs.runDue();
    };

    it('names the installing admin to an app that did not opt in: user_id, user_key and the context claim', () => {
      const installed = legacyApp.received.find((c) => c.path === '/installed');
      assert.equal(installed?.problem, undefined, 'the query is covered by the qsh');
      assert.equal(installed?.query, 'user_id=olivia&user_key=olivia');
      const context = installed?.claims?.context as { user: Record<string, unknown> };
      assert.deepEqual(Object.keys(context.user).sort(), ['accountId', 'displayName', 'userKey', 'username']);
      assert.equal(context.user.username, 'olivia');
      const optedIn = gdprApp.received.find((c) => c.path === '/installed');
      assert.equal(optedIn?.query, '');
      assert.equal(optedIn?.claims?.context, undefined);
    });

    it('gives usernames and keys, with .accountId companions, only to the app that did not opt in', async () => {
      await changeMiasTitle('Staff Engineer');
      const [legacy] = legacyApp.webhooks;
      assert.equal(legacy?.problem, undefined);
      assert.equal(
        legacy?.target,
        `/webhooks/updated?user=mia&key=mia&id=${mia.id}&user.accountId=${mia.id}&key.accountId=${mia.id}`,
      );
      const user = legacy?.body.user as Record<string, unknown>;
      assert.equal(user.name, 'mia');
      assert.equal(user.key, 'mia');
      assert.equal(user.accountId, mia.id);
      const context = legacy?.claims?.context as { user: { username: string } } | undefined;
      assert.equal(context?.user.username, 'mia');
      const [gdpr] = gdprApp.webhooks;
      assert.equal(gdpr?.target, `/webhooks/updated?user=${mia.id}&key=${mia.id}&id=${mia.id}`);
      const optedIn = gdpr?.body.user as Record<string, unknown>;
      assert.equal('name' in optedIn || 'key' in optedIn, false);
      assert.equal(gdpr?.claims?.context, undefined);
    });

    it('stops once the legacy stage ends', async () => {
      veil.clock.advance(Date.parse('2027-01-01T00:00:00Z') - veil.clock.now().getTime());
      await changeMiasTitle('Principal Engineer');
      const [legacy] = legacyApp.webhooks;
      assert.equal(legacy?.target, `/webhooks/updated?user=${mia.id}&key=${mia.id}&id=${mia.id}`);
      const user = legacy?.body.user as Record<string, unknown>;
      assert.equal('name' in user || 'key' in user, false);
      assert.equal(legacy?.claims?.context, undefined);
    });
  });
}
