/**
 * The key that seals Connect shared secrets and signing keys at rest: given in the environment, kept in a
 * file in the data folder, or (for a memory store) new in every process.
 */
import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type StoreConfig, startDefaults } from './start-options.ts';

const secretKeyFileName = 'veil-secret.key';
/** The key of memory stores and tests, one per process: their sealed secrets die with them anyway. */
export const processSecretKey = randomBytes(32);

/**
 * The key that seals secrets at rest: `VEIL_SECRET_KEY` (64 hex digits or base64 of 32 bytes); else the
 * key file in the data folder, created on first start, so that a restart (or a second process on the same
 * PostgreSQL, started from the same folder) can still open what the first sealed; a memory store's is new
 * in every process.
 */
export function resolveSecretKey(raw: string | undefined, store: StoreConfig, problems: string[]): Buffer {
  if (raw !== undefined && raw !== '') {
    const key = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
    if (key.length !== 32) problems.push('VEIL_SECRET_KEY must be 64 hex digits or the base64 of 32 bytes');
    return key;
  }
  if (store.kind === 'pglite' && store.dataDir === null) return processSecretKey;
  const folder = store.kind === 'pglite' && store.dataDir !== null ? store.dataDir : startDefaults.dataDir;
  try {
    return readOrCreateKeyFile(join(folder, secretKeyFileName));
  } catch (error) {
    problems.push(`the secret key file in ${folder} cannot be used: ${(error as Error).message}`);
    return processSecretKey;
  }
}

function readOrCreateKeyFile(path: string): Buffer {
  mkdirSync(dirname(path), { recursive: true });
  // Written aside, then linked into place: of two processes starting together, one key wins whole.
  const draft = `${path}.${process.pid}.tmp`;
  writeFileSync(draft, randomBytes(32).toString('hex'), { mode: 0o600 });
  try {
    linkSync(draft, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(draft);
  }
  const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'hex');
  if (key.length !== 32) throw new Error(`${path} does not hold 64 hex digits`);
  return key;
}
