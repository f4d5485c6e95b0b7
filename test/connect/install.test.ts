import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { testBackends } from '../support/backends.ts';
import { startConnectTestbed } from '../support/connect-testbed.ts';
import { demoPerson } from '../support/test-veil.ts';
import type { ListeningVeil, TestApp } from './connect-support.ts';

const appKey = 'com.example.test-app';

for (const backend of testBackends()) {
  describe(`Connect app installs through the management API on ${backend.name}`, () => {
    let veil: ListeningVeil;
    let testApp: TestApp;
    before(async () => {
      // Long enough for a signed callback (the app fetches Veil's key to verify it) on a loaded CI
      // machine; the silent app below waits it out once.
      ({ veil, testApp } = await startConnectTestbed(
        backend,
        { testApp: { install: false } },
        { config: { connectTimeoutMs: 3000 } },
      ));
    });
    after(() => veil.close());
    beforeEach(() => testApp.answerInstalledWith(204));

    const install = (siteId: string, as: Parameters<typeof demoPerson>[0] = 'pat', body?: object) =>
      veil.request({
        method: 'POST',
        url: `/veil/v1/sites/${siteId}/apps`,
        as: demoPerson(as),
        body: body ?? { descriptorUrl: testApp.descriptorUrl },
      });
    const listApps = async (siteId: string) =>
      (await veil.request({ url: `/veil/v1/sites/${siteId}/apps`, as: demoPerson('pat') })).json();
    const uninstall = (siteId: string) =>
      veil.request({
        method: 'DELETE',
        url: `/veil/v1/sites/${siteId}/apps/${appKey}`,
        as: demoPerson('pat'),
      });

    it('leaves nothing behind when the app answers installed with 500', async () => {
      testApp.answerInstalledWith(500);
      const response = await install('acme');
      assert.equal(response.statusCode, 502);
      assert.equal(response.json().code, 'connect.install_failed');
      assert.match(response.json().message, /answered 500/);
      await assertNothingInstalled();
    });

    it('leaves nothing behind when the app does not answer in time', async () => {
      testApp.answerInstalledWith('silence');
      const response = await install('acme');
      assert.equal(response.statusCode, 502);
      assert.match(response.json().message, /no answer within 3000 ms/);
      await assertNothingInstalled();
    });

    it('installs after the app verified the RS256 install JWT against the published key', async () => {
      const response = await install('acme', 'olivia');
      assert.equal(response.statusCode, 201);
      const view = response.json();
      const callback = testApp.received.filter((c) => c.path === '/installed').at(-1);
      assert.ok(callback, 'the app received installed');
      assert.equal(callback.problem, undefined, 'the app verified the signed install');
      assert.equal(callback.alg, 'RS256');
      assert.equal(callback.claims?.sub, '5f0c1a9e2b7d4c8e9a1b3c06', 'sub is the admin who installed it');
      const body = callback.body;
      for (const field of [
        'key',
        'clientKey',
        'sharedSecret',
        'serverVersion',
        'pluginsVersion',
        'baseUrl',
      ]) {
        assert.equal(typeof body[field], 'string', field);
      }
      assert.deepEqual(
        { key: body.key, eventType: body.eventType, productType: body.productType, baseUrl: body.baseUrl },
        { key: appKey, eventType: 'installed', productType: 'jira', baseUrl: 'http://127.0.0.1:8080' },
      );
      for (const field of ['displayUrl', 'description', 'oauthClientId', 'cloudId'])
        assert.ok(body[field], field);
      assert.equal(view.clientKey, body.clientKey);
      assert.equal(view.oauthClientId, body.oauthClientId);
      assert.deepEqual(view.scopes, ['READ']);
      assert.equal(
        JSON.stringify(view).includes(String(body.sharedSecret)),
        false,
        'the secret is not echoed',
      );
      const enabled = testApp.received.filter((c) => c.path === '/enabled').at(-1);
      assert.equal(enabled?.alg, 'HS256', 'enabled is signed with the shared secret');
      assert.equal(enabled?.problem, undefined);
      const listed = await listApps('acme');
      assert.deepEqual(
        listed.map((app: { appKey: string }) => app.appKey),
        [appKey],
      );
    });

    it('keeps the secret sealed at rest and gives the app an account of its own', async () => {
      const row = await veil.store.db.selectFrom('connect_installs').selectAll().executeTakeFirstOrThrow();
      assert.notEqual(row.shared_secret, testApp.credentials().sharedSecret);
      assert.equal(row.shared_secret?.includes(testApp.credentials().sharedSecret), false);
      const [view] = await listApps('acme');
      const account = await veil.request({
        url: `/rest/api/3/user?accountId=${view.accountId}`,
        as: demoPerson('mia'),
      });
      assert.equal(account.statusCode, 200);
      assert.equal(account.json().accountType, 'app');
      assert.equal(account.json().displayName, 'Test App');
    });

    it('keeps the client key and OAuth client id on reinstall, with a new shared secret', async () => {
      const [before] = await listApps('acme');
      const secretBefore = testApp.credentials().sharedSecret;
      const response = await install('acme');
      assert.equal(response.statusCode, 200);
      assert.equal(response.json().clientKey, before.clientKey);
      assert.equal(response.json().oauthClientId, before.oauthClientId);
      assert.notEqual(testApp.credentials().sharedSecret, secretBefore);
    });

    it('keeps the installed app as it was when a reinstall fails', async () => {
      const [before] = await listApps('acme');
      testApp.answerInstalledWith(500);
      assert.equal((await install('acme')).statusCode, 502);
      assert.deepEqual(await listApps('acme'), [before]);
    });

    it('gives the app the same account on two sites, with a client key per site', async () => {
      const globex = await install('globex', 'sofia');
      assert.equal(globex.statusCode, 201);
      const [acme] = await listApps('acme');
      assert.equal(globex.json().accountId, acme.accountId);
      assert.notEqual(globex.json().clientKey, acme.clientKey);
      const accounts = await veil.store.db
        .selectFrom('accounts')
        .where('app_key', '=', appKey)
        .selectAll()
        .execute();
      assert.equal(accounts.length, 1);
    });

    it('uninstalls with a signed uninstalled callback, and keeps the client key for a later install', async () => {
      const [before] = await listApps('globex');
      const response = await uninstall('globex');
      assert.equal(response.statusCode, 204);
      const callback = testApp.received.filter((c) => c.path === '/uninstalled').at(-1);
      assert.equal(callback?.problem, undefined);
      assert.equal(callback?.alg, 'RS256');
      assert.equal(callback?.body.eventType, 'uninstalled');
      assert.equal('sharedSecret' in (callback?.body ?? {}), false);
      assert.deepEqual(await listApps('globex'), []);
      assert.equal((await uninstall('globex')).json().code, 'connect.app_not_installed');
      const again = await install('globex', 'sofia');
      assert.equal(again.statusCode, 201);
      assert.equal(again.json().clientKey, before.clientKey);
    });

    it('disables and enables an app, telling it each time', async () => {
      const patch = (enabled: boolean) =>
        veil.request({
          method: 'PATCH',
          url: `/veil/v1/sites/acme/apps/${appKey}`,
          as: demoPerson('olivia'),
          body: { enabled },
        });
      assert.equal((await patch(false)).json().enabled, false);
      assert.equal(testApp.received.at(-1)?.path, '/disabled');
      assert.equal(testApp.received.at(-1)?.problem, undefined);
      assert.equal((await patch(true)).json().enabled, true);
      assert.equal(testApp.received.at(-1)?.path, '/enabled');
    });

    it('lets only admins of the site install, list and uninstall', async () => {
      assert.equal((await install('acme', 'mia')).statusCode, 403);
      assert.equal((await install('globex', 'olivia')).statusCode, 403);
      const list = await veil.request({ url: '/veil/v1/sites/acme/apps', as: demoPerson('mia') });
      assert.equal(list.statusCode, 403);
      const anonymous = await veil.request({ url: '/veil/v1/sites/acme/apps' });
      assert.equal(anonymous.statusCode, 401);
    });

    it('reports every problem of a descriptor that fails the schema', async () => {
      const descriptor = {
        key: 'bad key!',
        baseUrl: 'ftp://example.com',
        authentication: { type: 'magic' },
        scopes: ['read', 'everything'],
        lifecycle: {},
      };
      const response = await install('acme', 'pat', { descriptor });
      assert.equal(response.statusCode, 400);
      const body = response.json();
      assert.equal(body.code, 'connect.descriptor_invalid');
      const paths = body.errors.map((e: { path: string }) => e.path);
      for (const path of ['$.key', '$.baseUrl', '$.authentication.type', '$.scopes[1]'])
        assert.ok(paths.includes(path), `${path} in ${paths.join(', ')}`);
    });

    it('explains a descriptor URL that does not answer', async () => {
      const response = await install('acme', 'pat', { descriptorUrl: `${testApp.baseUrl}/missing.json` });
      assert.equal(response.statusCode, 502);
      assert.equal(response.json().code, 'connect.descriptor_unavailable');
      const both = await install('acme', 'pat', { descriptorUrl: testApp.descriptorUrl, descriptor: {} });
      assert.equal(both.statusCode, 400);
    });

    it('answers 404 for an install key it never made', async () => {
      const response = await veil.request({ url: '/veil/v1/connect/install-keys/no-such-kid' });
      assert.equal(response.statusCode, 404);
      assert.equal(response.json().code, 'connect.install_key_not_found');
    });

    async function assertNothingInstalled() {
      assert.deepEqual(await listApps('acme'), []);
      const db = veil.store.db;
      assert.equal((await db.selectFrom('connect_apps').selectAll().execute()).length, 0);
      assert.equal((await db.selectFrom('connect_installs').selectAll().execute()).length, 0);
      const accounts = await db.selectFrom('accounts').where('app_key', '=', appKey).selectAll().execute();
      assert.equal(accounts.length, 0);
    }
  });
}
