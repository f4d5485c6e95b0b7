/**
 * Secrets Veil must be able to read back (install shared secrets, signing keys) are sealed at rest with
 * AES-256-GCM under the configured key. Pure: node:crypto only. Each secret is bound to the row it
 * belongs to (the associated data), so a sealed value copied into another row does not open there.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const version = 'v1';
const ivBytes = 12;
const tagBytes = 16;

/** `v1.<iv>.<tag>.<ciphertext>` (base64url), sealed under `key` for the row named by `context`. */
export function sealSecret(key: Buffer, plaintext: string, context: string): string {
  const iv = randomBytes(ivBytes);
  const cipher = createCipheriv('aes-256-gcm', requireKey(key), iv, { authTagLength: tagBytes });
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [version, iv, cipher.getAuthTag(), ciphertext]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

/** The plaintext of a sealed secret; throws when the key, the context or the bytes are not the sealed ones. */
export function openSecret(key: Buffer, sealed: string, context: string): string {
  const [tag, ivText, authTagText, ciphertextText, ...rest] = sealed.split('.');
  if (tag !== version || ivText === undefined || authTagText === undefined || ciphertextText === undefined)
    throw new Error('not a sealed secret');
  if (rest.length > 0) throw new Error('not a sealed secret');
  const decipher = createDecipheriv('aes-256-gcm', requireKey(key), Buffer.from(ivText, 'base64url'), {
    authTagLength: tagBytes,
  });
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(Buffer.from(authTagText, 'base64url'));
  const plaintext = Buffer.concat([
    decipher.update(Buffer.from(ciphertextText, 'base64url')),
    decipher.final(),
  ]);
  return plaintext.toString('utf8');
}

function requireKey(key: Buffer): Buffer {
  if (key.length !== 32) throw new TypeError('the secret key must be 32 bytes');
  return key;
}
