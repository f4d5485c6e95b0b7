/**
 * The RS256 keys that sign Forge Invocation Tokens (FITs), made with `jose` on first use and kept in the
 * store, the private half sealed under Veil's secret key. The newest key signs; every public key stays
 * published at `/veil/v1/forge/jwks.json`, as Forge's CDN publishes its own.
 */
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';

/** What jose signs with (a WebCrypto or node key). */
type ForgePrivateKey = Awaited<ReturnType<typeof importJWK>>;

import type { Kysely } from 'kysely';
import { openSecret, sealSecret } from '../apps/secrets.ts';
import type { Clock } from '../clock/clock.ts';
import type { Database } from '../db/schema.ts';

export interface ForgeSigningKey {
  readonly kid: string;
  readonly privateKey: ForgePrivateKey;
}

const keyContext = (kid: string) => `forge_signing_keys:${kid}`;

/** The key to sign with: the newest stored one, or a new one made (and stored) on first use. */
export async function findForgeSigningKey(
  db: Kysely<Database>,
  clock: Clock,
  secretKey: Buffer,
): Promise<ForgeSigningKey> {
  const stored = await db
    .selectFrom('forge_signing_keys')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('kid')
    .executeTakeFirst();
  if (stored) {
    const jwk = JSON.parse(openSecret(secretKey, stored.private_jwk, keyContext(stored.kid))) as JWK;
    return { kid: stored.kid, privateKey: (await importJWK(jwk, 'RS256')) as ForgePrivateKey };
  }
  return createForgeSigningKey(db, clock, secretKey);
}

async function createForgeSigningKey(db: Kysely<Database>, clock: Clock, secretKey: Buffer) {
  const { publicKey, privateKey } = await generateKeyPair('RS256', {
    extractable: true,
    modulusLength: 2048,
  });
  const kid = `forge/invocation-token/${randomUUID()}`;
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const privateJwk = JSON.stringify(await exportJWK(privateKey));
  const inserted = await db
    .insertInto('forge_signing_keys')
    .values({
      kid,
      public_jwk: JSON.stringify(publicJwk),
      private_jwk: sealSecret(secretKey, privateJwk, keyContext(kid)),
      created_at: clock.now(),
    })
    .returning('kid')
    .executeTakeFirst();
  if (!inserted) throw new Error('the Forge signing key was not stored');
  return { kid, privateKey };
}

/** An RSA public key as published. */
export interface PublicJwk {
  readonly kty: string;
  readonly kid: string;
  readonly alg: string;
  readonly use: string;
  readonly n: string;
  readonly e: string;
}

/** Every public key, as a JWKS. */
export async function listForgePublicKeys(db: Kysely<Database>): Promise<{ keys: PublicJwk[] }> {
  const rows = await db.selectFrom('forge_signing_keys').select('public_jwk').orderBy('created_at').execute();
  return { keys: rows.map((row) => JSON.parse(row.public_jwk) as PublicJwk) };
}
