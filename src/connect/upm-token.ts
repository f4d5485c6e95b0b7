/**
 * The upm-token of the plugin-manager handshake: an HMAC of the site, the admin and an expiry under
 * Veil's secret key, so any Veil process on the same store accepts it and none has to remember it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock/clock.ts';
import { VeilError } from '../errors/veil-error.ts';

const tokenTtlSeconds = 5 * 60;

/** Who a token is for: the site and the admin who fetched it. */
export interface UpmTokenHolder {
  readonly siteId: string;
  readonly accountId: string;
}

/** A fresh token for the admin on the site, valid for five minutes. */
export function issueUpmToken(secretKey: Buffer, clock: Clock, holder: UpmTokenHolder): string {
  const expires = Math.floor(clock.now().getTime() / 1000) + tokenTtlSeconds;
  return `${expires}.${signUpmToken(secretKey, holder, expires)}`;
}

/** `connect.upm_token_invalid` unless the token was issued to the admin on the site and is not expired. */
export function checkUpmToken(
  secretKey: Buffer,
  clock: Clock,
  holder: UpmTokenHolder,
  token: string | undefined,
): void {
  const [expiresText = '', signature = ''] = (token ?? '').split('.');
  const expires = Number(expiresText);
  const expected = Buffer.from(signUpmToken(secretKey, holder, expires));
  const given = Buffer.from(signature);
  const genuine = expected.length === given.length && timingSafeEqual(expected, given);
  if (!genuine || !Number.isInteger(expires) || expires * 1000 <= clock.now().getTime()) {
    throw new VeilError(
      'connect.upm_token_invalid',
      'Get a fresh upm-token from GET /rest/plugins/1.0/ first',
    );
  }
}

function signUpmToken(secretKey: Buffer, holder: UpmTokenHolder, expires: number): string {
  return createHmac('sha256', secretKey)
    .update(`upm-token\n${holder.siteId}\n${holder.accountId}\n${expires}`)
    .digest('base64url');
}
