import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { findScenarioProblems } from '../../src/scenarios/scenario.validate.ts';
import type { ListeningVeil } from '../connect/connect-support.ts';
import { testBackends } from '../support/backends.ts';
import { demoIds, demoPerson } from '../support/test-veil.ts';
import { consentAndGetCallback, exchangeCode, signIn, startOAuthVeil } from './oauth-support.ts';

for (const backend of testBackends()) {
  describe(`OAuth apps and grants on ${backend.name}`, () => {
    let veil: ListeningVeil;
    before(async () => {
      veil = await startOAuthVeil(backend);
    });
    after(() => veil.close());

    it('registers a developer’s app, shows its secret once and keeps only its hash', async () => {
      const body = { name: 'Reports', callbackUrl: 'https://reports.example/cb', scopes: ['read:me'] };
      const created = await veil.request({
        method: 'POST',
        url: '/veil/v1/oauth-apps',
        as: demoPerson('ava'),
        body,
      });
      assert.equal(created.statusCode, 201, created.body);
      const { clientId, clientSecret } = created.json() as { clientId: string; clientSecret: string };
      const row = await veil.store.db
        .selectFrom('oauth_apps')
        .selectAll()
        .where('client_id', '=', clientId)
        .executeTakeFirstOrThrow();
      assert.notEqual(row.secret_hash, clientSecret);
      assert.ok(!JSON.stringify(row).includes(clientSecret), 'the secret is not stored');
      const listed = await veil.request({ url: '/veil/v1/oauth-apps', as: demoPerson('ava') });
      assert.deepEqual(
        (listed.json() as { clientId: string }[]).map((a) => a.clientId),
        [clientId],
      );
      assert.ok(!listed.body.includes(clientSecret));
      const others = await veil.request({ url: '/veil/v1/oauth-apps', as: demoPerson('liam') });
      assert.deepEqual(others.json(), [], 'a developer sees only their own apps');
    });

    it('refuses an unknown scope, a callback that is not a URL, and an anonymous developer', async () => {
      const bad = await veil.request({
        method: 'POST',
        url: '/veil/v1/oauth-apps',
        as: demoPerson('ava'),
        body: { name: 'Bad', callbackUrl: 'not a url', scopes: ['read:everything'] },
      });
      assert.equal(bad.statusCode, 400);
      assert.deepEqual(
        (bad.json() as { errors: { path: string }[] }).errors.map((e) => e.path),
        ['body.callbackUrl', 'body.scopes[0]'],
      );
      const anonymous = await veil.request({
        method: 'POST',
        url: '/veil/v1/oauth-apps',
        body: { name: 'X', callbackUrl: 'https://x.example/cb', scopes: [] },
      });
      assert.equal(anonymous.statusCode, 401);
      const count = await veil.store.db.selectFrom('oauth_apps').select('client_id').execute();
      assert.equal(count.length, 2, 'the scenario’s app and Ava’s, nothing else');
    });

    it('erases a person’s grants with the person', async () => {
      const cookie = await signIn(veil, 'liam@acme.test', 'demo-token-liam');
      const tokens = await exchangeCode(veil, await consentAndGetCallback(veil, cookie));
      const requested = await veil.request({
        method: 'POST',
        url: `/veil/v1/accounts/${demoIds.liam}/deletion`,
        as: demoPerson('pat'),
        body: { gracePeriod: 'PT0S', confirm: demoIds.liam },
      });
      assert.equal(requested.statusCode, 202, requested.body);
      await veil.app.jobs.runDue();
      const grants = await veil.store.db
        .selectFrom('oauth_grants')
        .select('grant_id')
        .where('account_id', '=', demoIds.liam)
        .execute();
      assert.deepEqual(grants, []);
      const me = await fetch(`${veil.url}/me`, {
        headers: { authorization: `Bearer ${tokens.access_token}` },
      });
      assert.equal(me.status, 401);
    });
  });
}

describe('oauthApps in a scenario file', () => {
  it('reports a callback that is not a URL, an unknown scope and a client id used twice, with JSON paths', () => {
    const app = {
      clientId: 'twice',
      clientSecret: 'sixteen-chars-or-more',
      name: 'A',
      callbackUrl: 'https://a.example/cb',
      scopes: ['read:me'],
    };
    const problems = findScenarioProblems({
      oauthApps: [app, { ...app, callbackUrl: 'ftp://a.example/cb#x', scopes: ['read:me', 'read:all'] }],
    });
    assert.deepEqual(
      problems.map((p) => p.path),
      ['$.oauthApps[1].callbackUrl', '$.oauthApps[1].scopes[1]', '$.oauthApps[1].clientId'],
    );
    assert.deepEqual(findScenarioProblems({ oauthApps: [app] }), []);
  });
});
