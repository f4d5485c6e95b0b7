import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ConfigError, parseStartConfig } from '../../src/config/config.ts';

describe('the cache options of veil start', () => {
  it('bounds the directory cache at 100,000 accounts and 256 MB unless told, by flag or environment', () => {
    assert.deepEqual(parseStartConfig(['--memory'], {}).directoryCache, { entries: 100_000, megabytes: 256 });
    const byFlag = parseStartConfig(['--memory', '--cache-entries', '5000', '--cache-mb', '64'], {});
    assert.deepEqual(byFlag.directoryCache, { entries: 5000, megabytes: 64 });
    const byEnv = parseStartConfig(['--memory'], { VEIL_CACHE_ENTRIES: '10', VEIL_CACHE_MB: '1' });
    assert.deepEqual(byEnv.directoryCache, { entries: 10, megabytes: 1 });
  });

  it('refuses a bound that is not a whole number of at least 1, both reported at once', () => {
    assert.throws(
      () => parseStartConfig(['--memory', '--cache-entries', '0', '--cache-mb', '1.5'], {}),
      (error: ConfigError) => {
        assert.deepEqual(error.problems, [
          '--cache-entries must be a whole number of at least 1, not "0"',
          '--cache-mb must be a whole number of at least 1, not "1.5"',
        ]);
        return true;
      },
    );
  });
});
