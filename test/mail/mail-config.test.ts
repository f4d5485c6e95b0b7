import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ConfigError, parseStartConfig } from '../../src/config/config.ts';
import { describeMailFailure } from '../../src/mail/mail.transport.ts';

describe('the mail options of veil start', () => {
  it('keeps mail in the outbox unless an SMTP URL is given, by flag or environment', () => {
    assert.equal(parseStartConfig(['--memory'], {}).smtpUrl, null);
    assert.equal(parseStartConfig(['--memory'], {}).mailFrom, 'Veil <veil@localhost>');
    const byFlag = parseStartConfig(
      ['--memory', '--smtp-url', 'smtp://mail.test:2525', '--mail-from', 'a@b.test'],
      {},
    );
    assert.equal(byFlag.smtpUrl, 'smtp://mail.test:2525');
    assert.equal(byFlag.mailFrom, 'a@b.test');
    assert.equal(
      parseStartConfig(['--memory'], { VEIL_SMTP_URL: 'smtps://u:p@mail.test' }).smtpUrl,
      'smtps://u:p@mail.test',
    );
  });

  it('refuses a URL that is not smtp:// or smtps://, without repeating it (it may hold a password)', () => {
    assert.throws(
      () => parseStartConfig(['--memory', '--smtp-url', 'http://user:s3cret@mail.test'], {}),
      (error: ConfigError) => {
        assert.equal(error.problems.length, 1);
        assert.match(error.problems[0] ?? '', /--smtp-url must be a URL such as smtp:/);
        assert.equal(error.message.includes('s3cret'), false);
        return true;
      },
    );
  });

  it('describes a failed handover by its codes only, and a 5xx answer as final', () => {
    const refused = describeMailFailure(
      Object.assign(new Error('550 <x@y.test>: no such user'), { code: 'EENVELOPE', responseCode: 550 }),
    );
    assert.deepEqual(refused, {
      reason: 'the SMTP server did not take the message (EENVELOPE 550)',
      permanent: true,
    });
    const down = describeMailFailure(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ESOCKET' }));
    assert.deepEqual(down, {
      reason: 'the SMTP server did not take the message (ESOCKET)',
      permanent: false,
    });
  });
});
