import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testBackends } from '../support/backends.ts';
import { demoIds, demoPerson, startTestVeil, type TestVeil } from '../support/test-veil.ts';

const pat = demoPerson('pat');
const olivia = demoPerson('olivia');

for (const backend of testBackends()) {
  describe(`deletion by admins, and bad input, on ${backend.name}`, () => {
    let veil: TestVeil;
    before(async () => {
      veil = await startTestVeil(backend);
    });
    after(() => veil.close());

    const deletionOf = (accountId: string) => `/veil/v1/accounts/${accountId}/deletion`;
    const statusOf = async (accountId: string) =>
      (await veil.request({ url: `/veil/v1/accounts/${accountId}`, as: pat })).json().status;

    it('refuses a shorter wait without the confirmation, a longer one, and a malformed one; changes nothing', async () => {
      for (const [body, code] of [
        [{ gracePeriod: 'PT0S' }, 'deletion.confirmation_required'],
        [{ gracePeriod: 'P1D', confirm: demoIds.mia }, 'deletion.confirmation_required'],
        [{ gracePeriod: 'P20D', confirm: demoIds.ava }, 'request.invalid'],
        [{ gracePeriod: 'soon', confirm: demoIds.ava }, 'request.invalid'],
        [{ gracePeriod: '-P1D', confirm: demoIds.ava }, 'request.invalid'],
        [{ wait: 'P1D' }, 'request.invalid'],
      ] as const) {
        const response = await veil.request({
          method: 'POST',
          url: deletionOf(demoIds.ava),
          as: olivia,
          body,
        });
        assert.equal(response.statusCode, 400, `${JSON.stringify(body)}: ${response.body}`);
        assert.equal(response.json().code, code, JSON.stringify(body));
      }
      assert.equal(await statusOf(demoIds.ava), 'active', 'nothing changed');
      const none = await veil.request({ url: deletionOf(demoIds.ava), as: olivia });
      assert.equal(none.statusCode, 404);
      assert.equal(none.json().code, 'deletion.not_found');
    });

    it('lets an organization admin delete only the accounts it manages, never its own through this route', async () => {
      const unmanaged = await veil.request({ method: 'POST', url: deletionOf(demoIds.noah), as: olivia });
      assert.equal(unmanaged.statusCode, 403);
      const byColleague = await veil.request({
        method: 'POST',
        url: deletionOf(demoIds.ava),
        as: demoPerson('mia'),
      });
      assert.equal(byColleague.statusCode, 403);
      const own = await veil.request({ method: 'POST', url: deletionOf(demoIds.olivia), as: olivia });
      assert.equal(own.statusCode, 400);
      const app = await veil.request({ method: 'POST', url: deletionOf(demoIds.app), as: pat });
      assert.equal(app.statusCode, 400);
      assert.equal(app.json().code, 'deletion.not_a_person');
      for (const [url, status] of [
        ['/veil/v1/accounts/not%20valid!/deletion', 400],
        [`/veil/v1/accounts/${'a'.repeat(129)}/deletion`, 400],
        ['/veil/v1/accounts/ffffffffffffffffffffffff/deletion', 404],
      ] as const) {
        const response = await veil.request({ method: 'POST', url, as: pat });
        assert.equal(response.statusCode, status, url);
      }
    });

    it('brings a waiting deletion forward with the confirmation, erases it, and then refuses to delete or cancel it', async () => {
      const requested = await veil.request({ method: 'POST', url: deletionOf(demoIds.ava), as: olivia });
      assert.equal(requested.statusCode, 202, requested.body);
      assert.deepEqual(requested.json().requestedBy, {
        role: 'organization-admin',
        accountId: demoIds.olivia,
      });
      assert.equal(await statusOf(demoIds.ava), 'deletion-requested');
      const unconfirmed = await veil.request({
        method: 'PATCH',
        url: deletionOf(demoIds.ava),
        as: olivia,
        body: { gracePeriod: 'PT0S', confirm: 'someone-else' },
      });
      assert.equal(unconfirmed.statusCode, 400);
      const later = await veil.request({
        method: 'PATCH',
        url: deletionOf(demoIds.ava),
        as: olivia,
        body: { gracePeriod: 'P14D', confirm: demoIds.ava },
      });
      assert.equal(later.statusCode, 400, 'a wait is only ever shortened');
      const sooner = await veil.request({
        method: 'PATCH',
        url: deletionOf(demoIds.ava),
        as: olivia,
        body: { gracePeriod: 'PT0S', confirm: demoIds.ava },
      });
      assert.equal(sooner.statusCode, 200, sooner.body);
      assert.equal(sooner.json().eraseAt, veil.clock.now().toISOString());
      await veil.app.jobs.runDue();
      assert.equal(await statusOf(demoIds.ava), 'deleted');

      const proof = await veil.request({
        url: `/veil/v1/accounts/${demoIds.ava}/erasure-report`,
        as: olivia,
      });
      assert.equal(proof.statusCode, 200, 'the admin who asked may read the proof');
      assert.equal(proof.json().requestedBy.role, 'organization-admin');
      const stranger = await veil.request({
        url: `/veil/v1/accounts/${demoIds.ava}/erasure-report`,
        as: demoPerson('noah'),
      });
      assert.equal(stranger.statusCode, 403);
      const listed = await veil.request({ url: '/veil/v1/erasure-reports', as: pat });
      assert.equal(listed.json().total, 1);

      const twice = await veil.request({ method: 'POST', url: deletionOf(demoIds.ava), as: pat });
      assert.equal(twice.statusCode, 409);
      assert.equal(twice.json().code, 'account.deleted');
      const cancel = await veil.request({ method: 'DELETE', url: deletionOf(demoIds.ava), as: pat });
      assert.equal(cancel.statusCode, 409);
      assert.equal(cancel.json().code, 'deletion.already_erased');
      const reactivate = await veil.request({
        method: 'PATCH',
        url: `/veil/v1/accounts/${demoIds.ava}`,
        as: pat,
        body: { status: 'active' },
      });
      assert.equal(reactivate.statusCode, 409);
      const none = await veil.request({
        url: '/veil/v1/accounts/ffffffffffffffffffffffff/erasure-report',
        as: pat,
      });
      assert.equal(none.statusCode, 404);
    });

    it('gives a deactivated account back its deactivation when its deletion is cancelled', async () => {
      const requested = await veil.request({ method: 'POST', url: deletionOf(demoIds.ethan), as: olivia });
      assert.equal(requested.statusCode, 202);
      const reactivate = await veil.request({
        method: 'PATCH',
        url: `/veil/v1/accounts/${demoIds.ethan}`,
        as: olivia,
        body: { status: 'active' },
      });
      assert.equal(reactivate.statusCode, 409, 'cancel the deletion instead');
      assert.equal(reactivate.json().code, 'account.deletion_pending');
      const cancelled = await veil.request({ method: 'DELETE', url: deletionOf(demoIds.ethan), as: olivia });
      assert.equal(cancelled.statusCode, 200, cancelled.body);
      assert.equal(await statusOf(demoIds.ethan), 'deactivated');
      const again = await veil.request({ method: 'DELETE', url: deletionOf(demoIds.ethan), as: olivia });
      assert.equal(again.statusCode, 404);
      assert.equal(again.json().code, 'deletion.not_found');
      const mine = await veil.request({
        method: 'DELETE',
        url: '/veil/v1/me/deletion',
        as: demoPerson('liam'),
      });
      assert.equal(mine.statusCode, 404);
    });
  });
}
