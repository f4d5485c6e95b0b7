import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testBackends } from '../support/backends.ts';
import { demoIds, demoPerson, startTestVeil, type TestVeil } from '../support/test-veil.ts';
import { searchesFor } from './lifecycle-support.ts';

const olivia = demoPerson('olivia');
const mia = demoPerson('mia');

for (const backend of testBackends()) {
  describe(`deactivation and reactivation on ${backend.name}`, () => {
    let veil: TestVeil;
    before(async () => {
      veil = await startTestVeil(backend);
    });
    after(() => veil.close());

    const setStatus = (accountId: string, status: string, as = olivia) =>
      veil.request({ method: 'PATCH', url: `/veil/v1/accounts/${accountId}`, as, body: { status } });

    it('lets the organization admin deactivate a managed account: inactive everywhere, data kept, no sign-in', async () => {
      const deactivated = await setStatus(demoIds.mia, 'deactivated');
      assert.equal(deactivated.statusCode, 200, deactivated.body);
      assert.equal(deactivated.json().active, false);
      assert.equal(deactivated.json().email, 'mia@acme.test', 'her admin still sees everything');
      assert.equal((await veil.request({ url: '/rest/api/3/myself', as: mia })).statusCode, 401);
      assert.equal((await veil.request({ url: '/veil/v1/me', as: mia })).statusCode, 401);

      const user = await veil.request({
        url: `/rest/api/3/user?accountId=${demoIds.mia}`,
        as: demoPerson('noah'),
      });
      assert.equal(user.statusCode, 200, 'GET /user still answers');
      assert.equal(user.json().active, false);
      assert.equal(user.json().displayName, 'Mia Krystof');
      const wiki = await veil.request({
        method: 'POST',
        url: '/wiki/api/v2/users-bulk',
        as: olivia,
        body: { accountIds: [demoIds.mia] },
      });
      assert.equal(wiki.json().results[0].accountStatus, 'inactive');
      for (const url of searchesFor('Mia')) {
        const found = await veil.request({ url, as: olivia });
        assert.equal(found.statusCode, 200, url);
        assert.ok(!found.body.includes(demoIds.mia), `${url} cannot assign or mention an inactive account`);
      }
      const all = await veil.request({ url: '/rest/api/3/users/search?maxResults=1000', as: olivia });
      assert.ok(all.body.includes(demoIds.mia), '/users/search lists inactive users too');

      const reactivated = await setStatus(demoIds.mia, 'active');
      assert.equal(reactivated.json().active, true);
      assert.equal((await veil.request({ url: '/rest/api/3/myself', as: mia })).statusCode, 200);
      const found = await veil.request({ url: '/rest/api/3/user/search?query=Mia', as: olivia });
      assert.ok(found.body.includes(demoIds.mia));
    });

    it('closes a session already held when the account is deactivated, and opens only the deletion routes while a deletion waits', async () => {
      const ava = demoPerson('ava');
      const signedIn = await veil.request({
        method: 'POST',
        url: '/veil/v1/sessions',
        body: { email: ava.email, apiToken: ava.token },
      });
      assert.equal(signedIn.statusCode, 201, signedIn.body);
      const cookie = signedIn.cookies.find((c) => c.name === 'veil_session');
      assert.ok(cookie);
      const withSession = (url: string) =>
        veil.request({ url, headers: { cookie: `veil_session=${cookie.value}` } });
      assert.equal((await withSession('/rest/api/3/myself')).statusCode, 200);

      assert.equal((await setStatus(demoIds.ava, 'deactivated')).statusCode, 200);
      assert.equal(
        (await withSession('/rest/api/3/myself')).statusCode,
        401,
        'a deactivated account signs in nowhere',
      );
      assert.equal((await withSession('/veil/v1/me/deletion')).statusCode, 401);
      assert.equal((await setStatus(demoIds.ava, 'active')).statusCode, 200);
      assert.equal((await withSession('/rest/api/3/myself')).statusCode, 200, 'and again once reactivated');

      const requested = await veil.request({ method: 'POST', url: '/veil/v1/me/deletion', as: ava });
      assert.equal(requested.statusCode, 202, requested.body);
      assert.equal(
        (await withSession('/rest/api/3/myself')).statusCode,
        401,
        'not the products while it waits',
      );
      const waiting = await withSession('/veil/v1/me/deletion');
      assert.equal(waiting.statusCode, 200, waiting.body);
      assert.equal(waiting.json().status, 'pending');
      assert.equal(
        (await veil.request({ method: 'DELETE', url: '/veil/v1/me/deletion', as: ava })).statusCode,
        200,
      );
      assert.equal((await withSession('/rest/api/3/myself')).statusCode, 200);
    });

    it('keeps unmanaged accounts for platform admins, and refuses deactivating yourself', async () => {
      const unmanaged = await setStatus(demoIds.noah, 'deactivated');
      assert.equal(unmanaged.statusCode, 403);
      const byPlatform = await setStatus(demoIds.noah, 'deactivated', demoPerson('pat'));
      assert.equal(byPlatform.statusCode, 200);
      assert.equal((await setStatus(demoIds.noah, 'active', demoPerson('pat'))).statusCode, 200);
      const self = await setStatus(demoIds.olivia, 'deactivated');
      assert.equal(self.statusCode, 400);
      const colleague = await setStatus(demoIds.ava, 'deactivated', mia);
      assert.equal(colleague.statusCode, 403);
      const unknown = await setStatus('nobody', 'deleted');
      assert.equal(unknown.statusCode, 400, 'deleted is not a status to set by hand');
    });
  });
}
