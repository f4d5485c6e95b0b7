/**
 * One install of an app on a site at a time. An install sends the app a new shared secret and writes it
 * only once the app accepts; two at the same instant would send two secrets and keep one. So an install
 * first claims the app and site (a row whose primary key lets one in): a second install meanwhile is
 * refused before it calls the app, and the claim is given back when the first ends.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { deleteInstallClaimRow, insertInstallClaimRow } from '../apps/apps.repository.ts';
import type { Clock } from '../clock/clock.ts';
import type { Database } from '../db/schema.ts';
import { VeilError } from '../errors/veil-error.ts';

/** How long a claim outlives the callbacks' timeouts, should its process die holding it. */
const claimMarginMs = 60_000;

/** Runs `install` holding the claim on installing `appKey` on `siteId`, or `connect.install_in_progress`. */
export async function withInstallClaim<T>(
  deps: { readonly db: Kysely<Database>; readonly clock: Clock; readonly callbackTimeoutMs: number },
  siteId: string,
  appKey: string,
  install: () => Promise<T>,
): Promise<T> {
  const { db, clock } = deps;
  const claim = { siteId, appKey, claimId: randomUUID() };
  const expiresAt = new Date(clock.now().getTime() + deps.callbackTimeoutMs * 2 + claimMarginMs);
  if (!(await insertInstallClaimRow(db, { ...claim, expiresAt }, clock.now()))) {
    throw new VeilError(
      'connect.install_in_progress',
      `The app ${appKey} is being installed on the site ${siteId} already; try again once that install ends`,
    );
  }
  try {
    return await install();
  } finally {
    // A claim that cannot be given back now lapses at its expiry.
    await deleteInstallClaimRow(db, claim).catch(() => {});
  }
}
