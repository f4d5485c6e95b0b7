import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ConfigError, parseStartConfig } from './config.ts';

describe('the change-log options of veil start', () => {
  it('polls every 200 ms, listens, and keeps a day of changes unless told otherwise', () => {
    assert.deepEqual(parseStartConfig(['--memory'], {}).changes, {
      pollMs: 200,
      listen: true,
      retentionMs: 24 * 60 * 60 * 1000,
    });
  });

  it('takes each from its flag or its environment variable', () => {
    const byFlag = parseStartConfig(
      ['--memory', '--change-poll-ms', '50', '--change-listen', 'off', '--change-retention', 'PT2H'],
      {},
    );
    assert.deepEqual(byFlag.changes, { pollMs: 50, listen: false, retentionMs: 2 * 60 * 60 * 1000 });
    const byEnvironment = parseStartConfig(['--memory'], {
      VEIL_CHANGE_POLL_MS: '5000',
      VEIL_CHANGE_LISTEN: 'off',
      VEIL_CHANGE_RETENTION: 'P2D',
    });
    assert.deepEqual(byEnvironment.changes, { pollMs: 5000, listen: false, retentionMs: 2 * 86_400_000 });
  });

  it('reports every malformed one together', () => {
    assert.throws(
      () =>
        parseStartConfig(['--memory', '--change-poll-ms', '10', '--change-retention', 'PT1S'], {
          VEIL_CHANGE_LISTEN: 'maybe',
        }),
      (error: ConfigError) => {
        assert.deepEqual(
          error.problems.map((problem) => problem.split(' ')[0]),
          ['--change-poll-ms', '--change-listen', '--change-retention'],
        );
        return true;
      },
    );
  });
});
