import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ListeningVeil } from '../connect/connect-support.ts';
import { testBackends } from '../support/backends.ts';
import {
  answerConsent,
  authorizeUrl,
  consentAndGetCallback,
  exchangeCode,
  openConsentPage,
  postToken,
  signIn,
  startOAuthVeil,
  testClient,
} from './oauth-support.ts';

const credentials = { client_id: testClient.clientId, client_secret: testClient.clientSecret };

function codeRequest(callback: URL, overrides: Record<string, string> = {}) {
  return {
    grant_type: 'authorization_code',
    ...credentials,
    code: callback.searchParams.get('code') ?? '',
    redirect_uri: testClient.callbackUrl,
    ...overrides,
  };
}

for (const backend of testBackends()) {
  describe(`what the 3LO server refuses on ${backend.name}`, () => {
    let veil: ListeningVeil;
    let cookie: string;
    before(async () => {
      veil = await startOAuthVeil(backend);
      cookie = await signIn(veil, 'mia@acme.test', 'demo-token-mia');
    });
    after(() => veil.close());

    it('shows an error page, never a redirect, for an unknown client or another callback', async () => {
      const cases: Record<string, string>[] = [
        { client_id: 'nobody' },
        { redirect_uri: `${testClient.callbackUrl}/` },
      ];
      for (const overrides of cases) {
        const page = await openConsentPage(authorizeUrl(veil, overrides), cookie);
        assert.equal(page.status, 400);
        assert.equal(page.location, null);
        assert.match(page.html, /Something is wrong with this request/);
      }
    });

    it('sends a scope the app did not register back as invalid_scope', async () => {
      const page = await openConsentPage(authorizeUrl(veil, { scope: 'read:me write:jira-work' }), cookie);
      assert.equal(page.status, 302);
      const location = new URL(page.location ?? '');
      assert.equal(location.searchParams.get('error'), 'invalid_scope');
      assert.equal(location.searchParams.get('state'), 'state-123');
    });

    it('asks a person who is not signed in to sign in first', async () => {
      const page = await openConsentPage(authorizeUrl(veil), '');
      assert.equal(page.status, 200);
      assert.match(page.html, /Sign in to continue/);
      assert.equal(page.ticket, undefined);
    });

    it('says in plain words what each scope gives, and sends access_denied on Decline', async () => {
      const page = await openConsentPage(authorizeUrl(veil), cookie);
      assert.match(page.html, /See your own profile/);
      assert.match(page.html, /value="acme"/);
      const answer = await answerConsent(veil, cookie, { ticket: page.ticket ?? '', decision: 'decline' });
      assert.equal(answer.status, 302);
      assert.equal(new URL(answer.location ?? '').searchParams.get('error'), 'access_denied');
      const forged = await answerConsent(veil, cookie, {
        ticket: 'forged',
        decision: 'accept',
        site: 'acme',
      });
      assert.equal(forged.status, 400);
    });

    it('refuses a wrong client secret, another callback and an expired code', async () => {
      const callback = await consentAndGetCallback(veil, cookie);
      const wrongSecret = await postToken(
        veil,
        codeRequest(callback, { client_secret: 'wrong-secret-wrong' }),
      );
      assert.equal(wrongSecret.status, 401);
      assert.equal(wrongSecret.body.error, 'invalid_client');
      const otherCallback = await postToken(
        veil,
        codeRequest(callback, { redirect_uri: 'https://evil.example/cb' }),
      );
      assert.equal(otherCallback.status, 403);
      assert.deepEqual(otherCallback.body, {
        error: 'invalid_grant',
        error_description: 'Invalid authorization code',
      });
      const late = await consentAndGetCallback(veil, cookie);
      veil.clock.advance(11 * 60_000);
      const expired = await postToken(veil, codeRequest(late));
      assert.equal(expired.status, 403);
      const unsupported = await postToken(veil, { ...credentials, grant_type: 'password' });
      assert.equal(unsupported.status, 400);
      assert.equal(unsupported.body.error, 'unsupported_grant_type');
    });

    it('fails a code used twice and revokes what its first use issued', async () => {
      const callback = await consentAndGetCallback(veil, cookie);
      const first = await exchangeCode(veil, callback);
      const again = await postToken(veil, codeRequest(callback));
      assert.equal(again.status, 403);
      const me = await fetch(`${veil.url}/me`, {
        headers: { authorization: `Bearer ${first.access_token}` },
      });
      assert.equal(me.status, 401);
      assert.deepEqual(await me.json(), { code: 401, message: 'Unauthorized' });
    });

    it('takes form bodies too, needs read:me for /me, and refuses a 3LO token on the site', async () => {
      // Ava has granted the app nothing yet (a grant keeps every scope granted so far, as Atlassian's do).
      const ava = await signIn(veil, 'ava@acme.test', 'demo-token-ava');
      const callback = await consentAndGetCallback(veil, ava, { scope: 'read:jira-user' });
      const response = await fetch(`${veil.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(codeRequest(callback)).toString(),
      });
      assert.equal(response.status, 200);
      const tokens = (await response.json()) as { access_token: string; refresh_token?: string };
      assert.equal(tokens.refresh_token, undefined, 'no refresh token without offline_access');
      const bearer = { authorization: `Bearer ${tokens.access_token}` };
      const me = await fetch(`${veil.url}/me`, { headers: bearer });
      assert.equal(me.status, 401);
      assert.deepEqual(await me.json(), { code: 401, message: 'Unauthorized; scope does not match' });
      const onSite = await fetch(`${veil.url}/rest/api/3/myself`, { headers: bearer });
      assert.equal(onSite.status, 401);
    });
  });
}
