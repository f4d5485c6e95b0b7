import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type ConfigError, createConfig, parseStartConfig } from '../../src/config/config.ts';

describe('the key that seals Connect secrets at rest', () => {
  let folder: string;
  before(async () => {
    folder = await mkdtemp(join(tmpdir(), 'veil-secret-key-'));
  });
  after(() => rm(folder, { recursive: true, force: true }));

  it('takes VEIL_SECRET_KEY as hex or base64, and reports a wrong one with the other problems', () => {
    const hex = 'ab'.repeat(32);
    assert.equal(
      parseStartConfig(['--memory'], { VEIL_SECRET_KEY: hex }).connectSecretKey.toString('hex'),
      hex,
    );
    const base64 = Buffer.alloc(32, 7).toString('base64');
    assert.deepEqual(
      parseStartConfig(['--memory'], { VEIL_SECRET_KEY: base64 }).connectSecretKey,
      Buffer.alloc(32, 7),
    );
    assert.throws(
      () => parseStartConfig(['--memory', '--port', 'x'], { VEIL_SECRET_KEY: 'short' }),
      (error: ConfigError) =>
        error.problems.length === 2 && error.problems.some((p) => p.includes('VEIL_SECRET_KEY')),
    );
  });

  it('keeps a key file in the data folder, made once and read on every later start', async () => {
    const data = join(folder, 'data');
    const first = parseStartConfig(['--data', data], {}).connectSecretKey;
    const second = parseStartConfig(['--data', data], {}).connectSecretKey;
    assert.deepEqual(second, first);
    assert.equal((await readFile(join(data, 'veil-secret.key'), 'utf8')).trim(), first.toString('hex'));
    assert.equal((await stat(join(data, 'veil-secret.key'))).mode & 0o077, 0, 'readable by its owner only');
  });

  it('gives a memory store and tests a key of the process', () => {
    assert.equal(parseStartConfig(['--memory'], {}).connectSecretKey.length, 32);
    assert.deepEqual(createConfig().connectSecretKey, parseStartConfig(['--memory'], {}).connectSecretKey);
  });
});
