import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testBackends } from '../support/backends.ts';
import { demoIds, demoPerson, type TestVeil } from '../support/test-veil.ts';
import { createPatAndNoahWorld, startSmallWorldVeil } from '../support/world-builders.ts';

const pat = demoPerson('pat');
/** Pat moves the clock; Noah is a stranger to it, and the one erased. */
const world = createPatAndNoahWorld();

for (const backend of testBackends()) {
  describe(`the movable clock on ${backend.name}`, () => {
    let fixed: TestVeil;
    let movable: TestVeil;
    before(async () => {
      fixed = await startSmallWorldVeil(backend, world);
      movable = await startSmallWorldVeil(backend, world, { movableClock: true });
    });
    after(async () => {
      await fixed.close();
      await movable.close();
    });

    const advance = (duration: unknown, as = pat) =>
      movable.request({ method: 'POST', url: '/veil/v1/clock/advance', as, body: { duration } });
    const now = async () => (await movable.request({ url: '/veil/v1/clock', as: pat })).json().now;

    it('does not exist without --movable-clock', async () => {
      assert.equal((await fixed.request({ url: '/veil/v1/clock', as: pat })).statusCode, 404);
      const moved = await fixed.request({
        method: 'POST',
        url: '/veil/v1/clock/advance',
        as: pat,
        body: { duration: 'P14D' },
      });
      assert.equal(moved.statusCode, 404);
      assert.equal(moved.json().code, 'route.not_found');
    });

    it('moves forward by ISO-8601 durations, calendar months included', async () => {
      assert.equal(await now(), '2026-11-22T12:00:00.000Z');
      const moved = await advance('P1DT2H');
      assert.equal(moved.statusCode, 200, moved.body);
      assert.deepEqual(moved.json(), {
        now: '2026-11-23T14:00:00.000Z',
        previous: '2026-11-22T12:00:00.000Z',
      });
      assert.equal((await advance('P1M')).json().now, '2026-12-23T14:00:00.000Z');
      assert.equal((await advance('PT0S')).statusCode, 200, 'standing still is not going back');
    });

    it('refuses going back, malformed durations and strangers, and leaves the clock where it was', async () => {
      const before = await now();
      for (const [duration, code] of [
        ['-P1D', 'clock.backwards'],
        ['P1X', 'clock.invalid_duration'],
        ['14 days', 'clock.invalid_duration'],
        ['P300Y', 'clock.invalid_duration'],
        [14, 'request.invalid'],
      ] as const) {
        const response = await advance(duration);
        assert.equal(response.statusCode, 400, String(duration));
        assert.equal(response.json().code, code, String(duration));
      }
      const stranger = await advance('P1D', demoPerson('noah'));
      assert.equal(stranger.statusCode, 403);
      const extra = await movable.request({
        method: 'POST',
        url: '/veil/v1/clock/advance',
        as: pat,
        body: { duration: 'P1D', back: true },
      });
      assert.equal(extra.statusCode, 400);
      assert.equal(await now(), before, 'the clock did not move');
    });

    it('runs at once the work that falls due in the time skipped', async () => {
      const requested = await movable.request({
        method: 'POST',
        url: `/veil/v1/accounts/${demoIds.noah}/deletion`,
        as: pat,
      });
      assert.equal(requested.statusCode, 202, requested.body);
      assert.equal((await advance('P14D')).statusCode, 200);
      const noah = await movable.request({ url: `/rest/api/3/user?accountId=${demoIds.noah}`, as: pat });
      assert.equal(noah.json().displayName, 'Former user', 'erased within the advance request');
    });
  });
}
