import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { defaultVisibility, profileFields } from '../../src/visibility/visibility.ts';
import { testBackends } from '../support/backends.ts';
import { demoIds, demoPerson, startTestVeil, type TestVeil } from '../support/test-veil.ts';

for (const backend of testBackends()) {
  describe(`/veil/v1/me on ${backend.name}`, () => {
    let veil: TestVeil;
    before(async () => {
      veil = await startTestVeil(backend);
    });
    after(() => veil.close());

    const me = async (name: Parameters<typeof demoPerson>[0]) =>
      (await veil.request({ url: '/veil/v1/me', as: demoPerson(name) })).json();
    const accountAs = async (viewer: Parameters<typeof demoPerson>[0] | null, accountId: string) => {
      const response = await veil.request({
        url: `/veil/v1/accounts/${accountId}`,
        ...(viewer ? { as: demoPerson(viewer) } : {}),
      });
      return response.json();
    };

    it('gives a managed person the managed defaults, and an unmanaged one the unmanaged defaults', async () => {
      const mia = await me('mia');
      const noah = await me('noah');
      assert.deepEqual(mia.managedBy, { organizationId: 'acme', name: 'Acme' });
      assert.equal(noah.managedBy, null);
      for (const field of profileFields) {
        assert.equal(mia.visibility[field].visibility, defaultVisibility.managed[field], `managed ${field}`);
        assert.equal(
          noah.visibility[field].visibility,
          defaultVisibility.unmanaged[field],
          `unmanaged ${field}`,
        );
        assert.equal(mia.visibility[field].isDefault, true);
      }
      assert.equal(mia.profile.email, 'mia@acme.test', 'a person sees their own hidden email');
    });

    it('shows organization fields to the organization only, and the full name to everyone', async () => {
      const byColleague = await accountAs('ava', demoIds.mia);
      const byOutsider = await accountAs('noah', demoIds.mia);
      assert.equal(byColleague.location, 'Sydney');
      assert.equal(byColleague.avatarUrl.includes('/masked'), false);
      assert.equal('location' in byOutsider, false);
      assert.equal('email' in byOutsider, false);
      assert.match(byOutsider.avatarUrl, /\/veil\/v1\/avatars\/masked/);
      assert.equal(byOutsider.displayName, 'Mia Krystof');
    });

    it('lets the organization admin see every field of the accounts it manages', async () => {
      const byAdmin = await accountAs('olivia', demoIds.liam);
      assert.equal(byAdmin.email, 'liam@acme.test');
      assert.equal(byAdmin.fullName, 'Liam Okafor');
      const byColleague = await accountAs('mia', demoIds.liam);
      assert.equal(byColleague.displayName, 'L.O.', 'a hidden full name falls back to the public name');
      assert.equal('fullName' in byColleague, false);
    });

    it('changes visibility and every viewer sees the change at once', async () => {
      const put = await veil.request({
        method: 'PUT',
        url: '/veil/v1/me/visibility',
        as: demoPerson('noah'),
        body: { email: 'anyone', location: 'only-you' },
      });
      assert.equal(put.statusCode, 200);
      assert.equal(put.json().visibility.email.visibility, 'anyone');
      assert.equal(put.json().visibility.email.isDefault, false);
      const seen = await accountAs('sofia', demoIds.noah);
      assert.equal(seen.email, 'noah@example.com');
      assert.equal('location' in seen, false);
      await veil.request({
        method: 'PUT',
        url: '/veil/v1/me/visibility',
        as: demoPerson('noah'),
        body: { email: 'only-you', location: 'anyone' },
      });
      const again = await accountAs('sofia', demoIds.noah);
      assert.equal('email' in again, false);
      assert.equal(again.location, 'Berlin');
    });

    it('refuses organization visibility for an unmanaged account and changes nothing', async () => {
      const response = await veil.request({
        method: 'PUT',
        url: '/veil/v1/me/visibility',
        as: demoPerson('noah'),
        body: { jobTitle: 'only-you', department: 'organization' },
      });
      assert.equal(response.statusCode, 400);
      assert.equal(response.json().code, 'visibility.organization_needs_managed_account');
      assert.equal(
        (await me('noah')).visibility.jobTitle.visibility,
        'anyone',
        'the valid half was not written',
      );
    });

    it('honours a lock set by the organization admin, in the API and for the person', async () => {
      const lock = await veil.request({
        method: 'PUT',
        url: `/veil/v1/organizations/acme/accounts/${demoIds.mia}/visibility`,
        as: demoPerson('olivia'),
        body: { location: { visibility: 'only-you', locked: true } },
      });
      assert.equal(lock.statusCode, 200, lock.body);
      assert.deepEqual(lock.json().visibility.location, {
        visibility: 'only-you',
        isDefault: false,
        locked: true,
        lockedBy: 'acme',
      });
      const mia = await me('mia');
      assert.equal(mia.visibility.location.locked, true);
      const attempt = await veil.request({
        method: 'PUT',
        url: '/veil/v1/me/visibility',
        as: demoPerson('mia'),
        body: { location: 'anyone', jobTitle: 'organization' },
      });
      assert.equal(attempt.statusCode, 403);
      assert.equal(attempt.json().code, 'visibility.locked');
      assert.equal(attempt.json().errors[0].path, 'location');
      const after = await me('mia');
      assert.equal(after.visibility.location.visibility, 'only-you');
      assert.equal(
        after.visibility.jobTitle.visibility,
        'anyone',
        'nothing of the refused request was written',
      );
      const same = await veil.request({
        method: 'PUT',
        url: '/veil/v1/me/visibility',
        as: demoPerson('mia'),
        body: { location: 'only-you' },
      });
      assert.equal(same.statusCode, 200, 'sending back the locked value is not a change');
    });

    it('lets only an admin of the managing organization lock settings', async () => {
      const bySofia = await veil.request({
        method: 'PUT',
        url: `/veil/v1/organizations/acme/accounts/${demoIds.mia}/visibility`,
        as: demoPerson('sofia'),
        body: { email: { visibility: 'anyone', locked: true } },
      });
      assert.equal(bySofia.statusCode, 403);
      const unmanaged = await veil.request({
        method: 'PUT',
        url: `/veil/v1/organizations/acme/accounts/${demoIds.noah}/visibility`,
        as: demoPerson('olivia'),
        body: { email: { visibility: 'anyone', locked: true } },
      });
      assert.equal(unmanaged.statusCode, 403);
      assert.equal(unmanaged.json().code, 'visibility.not_managed_by_you');
    });

    it('updates the profile and keeps the fields not sent', async () => {
      const response = await veil.request({
        method: 'PATCH',
        url: '/veil/v1/me/profile',
        as: demoPerson('sofia'),
        body: { jobTitle: 'Head of Product', location: null },
      });
      assert.equal(response.statusCode, 200);
      const { profile } = response.json();
      assert.equal(profile.jobTitle, 'Head of Product');
      assert.equal(profile.location, null);
      assert.equal(profile.department, 'Product');
    });

    it('rejects bad profile input with every problem and changes nothing', async () => {
      const cases = [
        { body: { jobTitle: 42 }, path: 'body.jobTitle' },
        { body: { nickname: 'x' }, path: 'body.nickname' },
        { body: { timeZone: 'Mars/Olympus' }, path: 'timeZone' },
        { body: { email: 'not-an-email' }, path: 'email' },
        { body: {}, path: 'body' },
      ];
      for (const { body, path } of cases) {
        const response = await veil.request({
          method: 'PATCH',
          url: '/veil/v1/me/profile',
          as: demoPerson('ava'),
          body,
        });
        assert.equal(response.statusCode, 400, JSON.stringify(body));
        assert.equal(response.json().code, 'request.invalid');
        assert.ok(
          response.json().errors.some((e: { path: string }) => e.path === path),
          `${path} in ${response.body}`,
        );
      }
      const taken = await veil.request({
        method: 'PATCH',
        url: '/veil/v1/me/profile',
        as: demoPerson('ava'),
        body: { email: 'MIA@acme.test', jobTitle: 'Changed' },
      });
      // Ava is managed by Acme: her address changes only through its admin (see test/mail).
      assert.equal(taken.statusCode, 403, taken.body);
      assert.equal(taken.json().code, 'account.email_managed');
      const ava = await me('ava');
      assert.equal(ava.profile.email, 'ava@acme.test');
      assert.equal(ava.profile.jobTitle, 'Developer advocate');
    });

    it('refuses callers without valid credentials', async () => {
      assert.equal((await veil.request({ url: '/veil/v1/me' })).statusCode, 401);
      const wrong = await veil.request({
        url: '/veil/v1/me',
        as: { email: 'mia@acme.test', token: 'wrong' },
      });
      assert.equal(wrong.statusCode, 401);
      assert.equal(wrong.json().code, 'auth.invalid_credentials');
      const deactivated = await veil.request({ url: '/veil/v1/me', as: demoPerson('ethan') });
      assert.equal(deactivated.statusCode, 401, 'a deactivated account cannot sign in');
    });

    it('signs in with a session cookie and out again', async () => {
      const signIn = await veil.request({
        method: 'POST',
        url: '/veil/v1/sessions',
        body: { email: 'liam@acme.test', apiToken: 'demo-token-liam' },
      });
      assert.equal(signIn.statusCode, 201);
      const cookie = signIn.cookies.find((c) => c.name === 'veil_session');
      assert.ok(cookie?.httpOnly);
      assert.equal(cookie.sameSite, 'Strict');
      const headers = { cookie: `veil_session=${cookie.value}` };
      const mine = await veil.request({ url: '/veil/v1/me', headers });
      assert.equal(mine.json().accountId, demoIds.liam);
      assert.equal(mine.headers['x-aaccountid'], demoIds.liam);
      const csrf = { 'x-veil-csrf-token': signIn.json().csrfToken };
      await veil.request({
        method: 'DELETE',
        url: '/veil/v1/sessions/current',
        headers: { ...headers, ...csrf },
      });
      assert.equal((await veil.request({ url: '/veil/v1/me', headers })).statusCode, 401);
    });

    it('expires sessions with the clock', async () => {
      const signIn = await veil.request({
        method: 'POST',
        url: '/veil/v1/sessions',
        body: { email: 'liam@acme.test', apiToken: 'demo-token-liam' },
      });
      const cookie = signIn.cookies.find((c) => c.name === 'veil_session')!;
      veil.clock.advance(9 * 60 * 60 * 1000);
      assert.equal(
        (await veil.request({ url: '/veil/v1/me', headers: { cookie: `veil_session=${cookie.value}` } }))
          .statusCode,
        401,
      );
    });

    it('issues API tokens that work once and stores only their hash', async () => {
      const issued = await veil.request({
        method: 'POST',
        url: '/veil/v1/me/tokens',
        as: demoPerson('liam'),
        body: { label: 'laptop' },
      });
      assert.equal(issued.statusCode, 201);
      const { id, token } = issued.json();
      const rows = await veil.store.db.selectFrom('api_tokens').select('token_hash').execute();
      assert.ok(rows.every((row) => row.token_hash !== token && /^[0-9a-f]{64}$/.test(row.token_hash)));
      assert.equal(
        (await veil.request({ url: '/veil/v1/me', as: { email: 'liam@acme.test', token } })).statusCode,
        200,
      );
      const list = await veil.request({ url: '/veil/v1/me/tokens', as: demoPerson('liam') });
      assert.ok(
        list.json().some((t: { id: string; token?: string }) => t.id === id && t.token === undefined),
      );
      await veil.request({ method: 'DELETE', url: `/veil/v1/me/tokens/${id}`, as: demoPerson('liam') });
      assert.equal(
        (await veil.request({ url: '/veil/v1/me', as: { email: 'liam@acme.test', token } })).statusCode,
        401,
      );
    });
  });
}
