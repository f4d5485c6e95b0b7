import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { errorCatalogue } from '../../src/errors/catalogue.ts';
import { VeilError } from '../../src/errors/veil-error.ts';
import { renderError, toVeilError } from '../../src/http/errors.ts';

describe('the error catalogue', () => {
  it('has a line in docs/errors.md for every code, with its status and meaning', async () => {
    const page = await readFile(new URL('../../docs/errors.md', import.meta.url), 'utf8');
    for (const [code, { status, doc }] of Object.entries(errorCatalogue)) {
      assert.ok(
        page.includes(`| \`${code}\` | ${status} | ${doc} |`),
        `${code} is documented as in the catalogue`,
      );
    }
    const documented = [...page.matchAll(/^\| `([a-z0-9_.]+)` \|/gm)].map((m) => m[1]);
    assert.deepEqual(
      documented.sort(),
      Object.keys(errorCatalogue).sort(),
      'no code documented that does not exist',
    );
  });

  it('renders one error in each surface format', () => {
    const error = new VeilError('account.not_found', 'No account has the accountId x', [
      { path: 'accountId', message: 'unknown' },
    ]);
    assert.deepEqual(renderError(error, '/rest/api/3/user?accountId=x', 'r1'), {
      errorMessages: ['No account has the accountId x'],
      errors: { accountId: 'unknown' },
    });
    const wiki = renderError(error, '/wiki/rest/api/user', 'r1');
    assert.equal(wiki.statusCode, 404);
    assert.equal(wiki.message, 'No account has the accountId x');
    assert.deepEqual(renderError(error, '/veil/v1/accounts/x', 'r1'), {
      code: 'account.not_found',
      message: 'No account has the accountId x',
      errors: [{ path: 'accountId', message: 'unknown' }],
      requestId: 'r1',
    });
  });

  it('turns an unknown failure into a 500 that names the request but not the cause', () => {
    const error = toVeilError(new Error('connection to 10.0.0.5 refused for user veil'));
    assert.equal(error.status, 500);
    const body = renderError(error, '/veil/v1/me', 'req-42');
    assert.doesNotMatch(JSON.stringify(body), /10\.0\.0\.5|refused/);
    assert.match(String(body.message), /req-42/);
  });
});
