import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { testBackends } from '../support/backends.ts';
import { demoIds, demoPerson, type TestVeil } from '../support/test-veil.ts';
import {
  createManagedAccount,
  createOrganization,
  createPersonalAccount,
  startSmallWorldVeil,
  type WorldParts,
} from '../support/world-builders.ts';

/** Mia and Ava, of Acme, and Noah, a person of his own: the people who sign in here. */
const world: WorldParts = {
  organizations: [createOrganization()],
  accounts: [createManagedAccount('mia'), createManagedAccount('ava'), createPersonalAccount('noah')],
};

async function signIn(veil: TestVeil, name: 'mia' | 'ava' | 'noah', headers: Record<string, string> = {}) {
  const { email, token } = demoPerson(name);
  const response = await veil.request({
    method: 'POST',
    url: '/veil/v1/sessions',
    body: { email, apiToken: token },
    headers,
  });
  assert.equal(response.statusCode, 201, response.body);
  const cookie = response.cookies.find((c) => c.name === 'veil_session')!;
  return { cookie, header: `veil_session=${cookie.value}`, csrfToken: response.json().csrfToken as string };
}

for (const backend of testBackends()) {
  describe(`sessions, cookies and CSRF on ${backend.name}`, () => {
    let veil: TestVeil;
    before(async () => {
      veil = await startSmallWorldVeil(backend, world);
    });
    after(() => veil.close());

    it('gives the session, its expiry and its CSRF token back to the cookie that holds it', async () => {
      const session = await signIn(veil, 'mia');
      assert.ok(session.cookie.httpOnly);
      assert.equal(session.cookie.sameSite, 'Strict');
      assert.equal(session.cookie.secure, undefined, 'plain HTTP: no Secure flag');
      const current = await veil.request({
        url: '/veil/v1/sessions/current',
        headers: { cookie: session.header },
      });
      assert.equal(current.statusCode, 200, current.body);
      assert.equal(current.json().accountId, demoIds.mia);
      assert.equal(current.json().csrfToken, session.csrfToken);
      const none = await veil.request({ url: '/veil/v1/sessions/current' });
      assert.equal(none.json().code, 'auth.required');
    });

    it('stores a session id only as its SHA-256 hash, never the value the cookie holds', async () => {
      const session = await signIn(veil, 'ava');
      const rows = await veil.store.db.selectFrom('sessions').selectAll().execute();
      const stored = JSON.stringify(rows);
      assert.ok(!stored.includes(session.cookie.value), 'the session id is not stored in clear');
      const hash = createHash('sha256').update(session.cookie.value).digest('hex');
      assert.ok(
        rows.some((row) => row.session_hash === hash && row.account_id === demoIds.ava),
        'the session is found by its hash',
      );
    });

    it('refuses a write that only the cookie authenticates, and changes nothing', async () => {
      const session = await signIn(veil, 'mia');
      for (const csrf of [undefined, '', 'not-the-token']) {
        const forged = await veil.request({
          method: 'PUT',
          url: '/veil/v1/me/visibility',
          body: { email: 'anyone' },
          headers: { cookie: session.header, ...(csrf !== undefined ? { 'x-veil-csrf-token': csrf } : {}) },
        });
        assert.equal(forged.statusCode, 403, forged.body);
        assert.equal(forged.json().code, 'auth.csrf_token_invalid');
      }
      const other = await signIn(veil, 'noah');
      const crossed = await veil.request({
        method: 'PUT',
        url: '/veil/v1/me/visibility',
        body: { email: 'anyone' },
        headers: { cookie: session.header, 'x-veil-csrf-token': other.csrfToken },
      });
      assert.equal(crossed.statusCode, 403, "another session's token does not do");
      const me = await veil.request({ url: '/veil/v1/me', as: demoPerson('mia') });
      assert.equal(me.json().visibility.email.visibility, 'only-you', 'nothing was changed');

      const proper = await veil.request({
        method: 'PUT',
        url: '/veil/v1/me/visibility',
        body: { email: 'only-you' },
        headers: { cookie: session.header, 'x-veil-csrf-token': session.csrfToken },
      });
      assert.equal(proper.statusCode, 200, proper.body);
    });

    it('protects the tracker API too, where X-Atlassian-Token: no-check also does', async () => {
      const session = await signIn(veil, 'mia');
      const url = '/rest/api/3/user?accountId=5f0c1a9e2b7d4c8e9a1b3c99';
      const forged = await veil.request({ method: 'DELETE', url, headers: { cookie: session.header } });
      assert.equal(forged.statusCode, 403);
      assert.match(forged.json().errorMessages[0], /CSRF/);
      const reads = await veil.request({ url: '/rest/api/3/myself', headers: { cookie: session.header } });
      assert.equal(reads.statusCode, 200, 'reads need no token');
    });

    it('leaves Basic-auth clients as they were: no cookie, no token', async () => {
      const response = await veil.request({
        method: 'PUT',
        url: '/veil/v1/me/visibility',
        as: demoPerson('noah'),
        body: { location: 'anyone' },
      });
      assert.equal(response.statusCode, 200, response.body);
    });

    it('signs in even while an older session cookie is held, without its token', async () => {
      const old = await signIn(veil, 'mia');
      const again = await signIn(veil, 'mia', { cookie: old.header });
      assert.notEqual(again.cookie.value, old.cookie.value);
    });

    it('says a session expired once the clock passes its end, and clears the cookie', async () => {
      const session = await signIn(veil, 'ava');
      veil.clock.advance(8 * 60 * 60 * 1000 + 1000);
      const current = await veil.request({
        url: '/veil/v1/sessions/current',
        headers: { cookie: session.header },
      });
      assert.equal(current.statusCode, 401);
      assert.equal(current.json().code, 'auth.session_expired');
      assert.match(String(current.headers['set-cookie']), /^veil_session=;/);
      const write = await veil.request({
        method: 'PUT',
        url: '/veil/v1/me/visibility',
        body: { email: 'anyone' },
        headers: { cookie: session.header, 'x-veil-csrf-token': session.csrfToken },
      });
      assert.equal(write.statusCode, 401, 'an expired session changes nothing');
    });
  });

  describe(`cookies behind a TLS proxy on ${backend.name}`, () => {
    it('marks the cookie Secure from X-Forwarded-Proto only when the proxy is trusted', async () => {
      const forwarded = { 'x-forwarded-proto': 'https' };
      const untrusting = await startSmallWorldVeil(backend, world);
      try {
        const session = await signIn(untrusting, 'mia', forwarded);
        assert.equal(session.cookie.secure, undefined, 'a client cannot claim TLS by a header');
      } finally {
        await untrusting.close();
      }
      const trusting = await startSmallWorldVeil(backend, world, { trustProxy: '127.0.0.1' });
      try {
        const session = await signIn(trusting, 'mia', forwarded);
        assert.equal(session.cookie.secure, true);
      } finally {
        await trusting.close();
      }
    });
  });
}
