import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as oauth from 'oauth4webapi';
import type { ListeningVeil } from '../connect/connect-support.ts';
import { testBackends } from '../support/backends.ts';
import { demoIds } from '../support/test-veil.ts';
import {
  consentAndGetCallback,
  exchangeCode,
  options,
  postToken,
  refresh,
  signIn,
  startOAuthVeil,
  testClient,
} from './oauth-support.ts';

const minutes = 60_000;
const days = 86_400_000;

function refreshRequest(refreshToken: string) {
  const { clientId, clientSecret } = testClient;
  return {
    grant_type: 'refresh_token',
    client_id: clientId,
    client_secret: clientSecret,
    refresh_token: refreshToken,
  };
}

for (const backend of testBackends()) {
  describe(`the 3LO flow with oauth4webapi on ${backend.name}`, () => {
    let veil: ListeningVeil;
    let cookie: string;
    const signInMia = () => signIn(veil, 'mia@acme.test', 'demo-token-mia');
    before(async () => {
      veil = await startOAuthVeil(backend);
      cookie = await signInMia();
    });
    after(() => veil.close());

    it('authorizes, exchanges, reads /me, rotates, and ends with the revocation', async () => {
      const callback = await consentAndGetCallback(veil, cookie);
      assert.equal(callback.origin + callback.pathname, testClient.callbackUrl);
      assert.equal(callback.searchParams.get('state'), 'state-123');
      const tokens = await exchangeCode(veil, callback);
      assert.equal(tokens.token_type, 'bearer');
      assert.equal(tokens.expires_in, 3600);
      assert.equal(tokens.scope, 'read:me read:jira-user offline_access');
      assert.ok(tokens.refresh_token);

      const me = await oauth.protectedResourceRequest(
        tokens.access_token,
        'GET',
        new URL(`${veil.url}/me`),
        undefined,
        undefined,
        options,
      );
      assert.equal(me.status, 200);
      const profile = (await me.json()) as Record<string, unknown>;
      assert.equal(profile.account_id, demoIds.mia);
      assert.equal(profile.email, 'mia@acme.test', 'the consenting person whole, email included');

      const resources = await oauth.protectedResourceRequest(
        tokens.access_token,
        'GET',
        new URL(`${veil.url}/oauth/token/accessible-resources`),
        undefined,
        undefined,
        options,
      );
      const sites = (await resources.json()) as { url: string; scopes: string[] }[];
      assert.equal(sites.length, 1);

      // Rotation: a new pair; the old refresh token within 10 minutes still gets one.
      const second = await refresh(veil, tokens.refresh_token);
      assert.ok(second.refresh_token && second.refresh_token !== tokens.refresh_token);
      veil.clock.advance(9 * minutes);
      const withinLeeway = await refresh(veil, tokens.refresh_token);
      assert.ok(withinLeeway.access_token);
      // Outside the leeway: refused, and the whole family with it.
      veil.clock.advance(2 * minutes);
      const reused = await postToken(veil, {
        grant_type: 'refresh_token',
        client_id: testClient.clientId,
        client_secret: testClient.clientSecret,
        refresh_token: tokens.refresh_token,
      });
      assert.equal(reused.status, 403);
      assert.deepEqual(reused.body, {
        error: 'invalid_grant',
        error_description: 'Unknown or invalid refresh token.',
      });
      const familyGone = await postToken(veil, {
        grant_type: 'refresh_token',
        client_id: testClient.clientId,
        client_secret: testClient.clientSecret,
        refresh_token: second.refresh_token ?? '',
      });
      assert.equal(familyGone.status, 403);
    });

    it('revokes on the connected apps list: access tokens end at once, refresh fails', async () => {
      const tokens = await exchangeCode(veil, await consentAndGetCallback(veil, cookie));
      const listed = await fetch(`${veil.url}/veil/v1/me/connected-apps`, { headers: { cookie } });
      const apps = (await listed.json()) as { clientId: string; sites: { siteId: string }[] }[];
      assert.deepEqual(
        apps.map((a) => [a.clientId, a.sites.map((s) => s.siteId)]),
        [[testClient.clientId, ['acme']]],
      );
      const revoked = await fetch(`${veil.url}/veil/v1/me/connected-apps/${testClient.clientId}`, {
        method: 'DELETE',
        headers: { authorization: `Basic ${Buffer.from('mia@acme.test:demo-token-mia').toString('base64')}` },
      });
      assert.equal(revoked.status, 204);
      const me = await fetch(`${veil.url}/me`, {
        headers: { authorization: `Bearer ${tokens.access_token}` },
      });
      assert.equal(me.status, 401);
      const refreshed = await postToken(veil, {
        grant_type: 'refresh_token',
        client_id: testClient.clientId,
        client_secret: testClient.clientSecret,
        refresh_token: tokens.refresh_token ?? '',
      });
      assert.equal(refreshed.status, 403);
      assert.equal(refreshed.body.error, 'invalid_grant');
    });

    it('ends a refresh token after 90 days unused, and every family 365 days after its consent', async () => {
      // Sessions end long before these tokens do: the person signs in again for each consent.
      const unused = await exchangeCode(veil, await consentAndGetCallback(veil, await signInMia()));
      veil.clock.advance(91 * days);
      const stale = await postToken(veil, refreshRequest(unused.refresh_token ?? ''));
      assert.equal(stale.status, 403);
      let current =
        (await exchangeCode(veil, await consentAndGetCallback(veil, await signInMia()))).refresh_token ?? '';
      for (let day = 80; day < 365; day += 80) {
        veil.clock.advance(80 * days);
        current = (await refresh(veil, current)).refresh_token ?? '';
      }
      veil.clock.advance(46 * days);
      const late = await postToken(veil, refreshRequest(current));
      assert.equal(late.status, 403, 'used every 80 days, but 366 days after the consent');
    });
  });
}
