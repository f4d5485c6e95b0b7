/**
 * The RSA keys that sign lifecycle callbacks (signed install). The newest key signs; every key's public
 * half stays published by its kid, as Atlassian's key CDN does, so a framework pointed at
 * `/veil/v1/connect/install-keys` (ACE: `CONNECT_KEYS_CDN_URL`) can verify any callback Veil sent.
 */
import { createPrivateKey, generateKeyPair, type KeyObject, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import type { Kysely } from 'kysely';
import { openSecret, sealSecret } from '../apps/secrets.ts';
import type { Clock } from '../clock/clock.ts';
import type { Database } from '../db/schema.ts';

const generateRsaKeyPair = promisify(generateKeyPair);

export interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
}

/** The key to sign with: the newest stored one, or a new one made (and stored) on first use. */
export async function findSigningKey(
  db: Kysely<Database>,
  clock: Clock,
  secretKey: Buffer,
): Promise<SigningKey> {
  const stored = await findNewestKeyRow(db);
  if (stored) return { kid: stored.kid, privateKey: openPrivateKey(stored, secretKey) };
  const { publicKey, privateKey } = await generateRsaKeyPair('rsa', { modulusLength: 2048 });
  const kid = randomUUID();
  const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  await db
    .insertInto('connect_install_keys')
    .values({
      kid,
      public_pem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      private_pem: sealSecret(secretKey, privatePem, keyContext(kid)),
      created_at: clock.now(),
    })
    .execute();
  return { kid, privateKey };
}

/** The public key (SPKI PEM) published under `kid`, or undefined. */
export async function findPublicKeyPem(db: Kysely<Database>, kid: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('connect_install_keys')
    .select('public_pem')
    .where('kid', '=', kid)
    .executeTakeFirst();
  return row?.public_pem;
}

async function findNewestKeyRow(db: Kysely<Database>) {
  return db
    .selectFrom('connect_install_keys')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('kid')
    .limit(1)
    .executeTakeFirst();
}

function openPrivateKey(row: { kid: string; private_pem: string }, secretKey: Buffer): KeyObject {
  try {
    return createPrivateKey(openSecret(secretKey, row.private_pem, keyContext(row.kid)));
  } catch {
    throw new Error(
      `the install signing key ${row.kid} cannot be opened: was VEIL_SECRET_KEY (or the data folder's key file) changed?`,
    );
  }
}

function keyContext(kid: string): string {
  return `connect_install_keys:${kid}`;
}
