import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock, MovableClock, outsideInstants } from '../clock/clock.ts';
import { encodeJwt, verifyJwt, verifyJwtAtAny } from './jwt.ts';

const secret = 'a-shared-secret-of-enough-length!';

describe('the movable clock', () => {
  it("still takes a token an app signed by the wall clock after Veil's clock was moved ahead", async () => {
    const base = new ManualClock(new Date('2026-11-22T12:00:00Z'));
    const clock = new MovableClock(base);
    const iat = Math.floor(base.now().getTime() / 1000);
    const token = await encodeJwt({ iss: 'app', iat, exp: iat + 180 }, secret, { alg: 'HS256' });
    assert.deepEqual(outsideInstants(clock), [clock.now()], 'not moved: one time, Veil’s');
    clock.advance(14 * 86_400_000);
    const key = { alg: 'HS256', secret } as const;
    const stale = await verifyJwt(token, { ...key, now: clock.now() });
    assert.equal(stale.ok, false, 'by the moved clock alone the token has long expired');
    const checked = await verifyJwtAtAny(token, key, outsideInstants(clock));
    assert.equal(checked.result.ok, true);
    assert.equal(checked.now.toISOString(), base.now().toISOString());
    const old = await encodeJwt({ iss: 'app', iat: iat - 3600, exp: iat - 3000 }, secret, { alg: 'HS256' });
    const expired = await verifyJwtAtAny(old, key, outsideInstants(clock));
    assert.equal(expired.result.ok, false, 'a token expired by both clocks stays expired');
    assert.equal(!expired.result.ok && expired.result.reason, 'expired');
  });
});
