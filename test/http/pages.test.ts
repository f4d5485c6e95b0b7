import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { testBackends } from '../support/backends.ts';
import { startTestVeil, type TestVeil } from '../support/test-veil.ts';

const [backend] = testBackends();

describe('the pages as Veil serves them', () => {
  let root: string;
  let veil: TestVeil;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'veil-web-'));
    await mkdir(join(root, 'assets'));
    await writeFile(
      join(root, 'index.html'),
      '<!doctype html><title>Veil</title><script type="module" src="/assets/app-1.js"></script>',
    );
    await writeFile(join(root, 'assets', 'app-1.js'), 'console.log(1)');
    veil = await startTestVeil(backend!, 'demo', { webRoot: root });
  });
  after(async () => {
    await veil.close();
    await rm(root, { recursive: true, force: true });
  });

  it('answers every page path with the app, under a CSP without inline scripts or styles', async () => {
    for (const url of ['/', '/sign-in', '/profile', '/preview', '/admin', '/admin/organizations/acme']) {
      const response = await veil.request({ url });
      assert.equal(response.statusCode, 200, url);
      assert.match(String(response.headers['content-type']), /^text\/html/);
      const csp = String(response.headers['content-security-policy']);
      assert.match(csp, /script-src 'self'(;|$)/);
      assert.match(csp, /style-src 'self'(;|$)/);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.equal(response.headers['x-content-type-options'], 'nosniff');
    }
  });

  it('serves hashed assets for a year, and ignores credentials on them', async () => {
    const response = await veil.request({
      url: '/assets/app-1.js',
      headers: { authorization: 'Basic bm86bm8=' },
    });
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^text\/javascript/);
    assert.match(String(response.headers['cache-control']), /immutable/);
  });

  it('keeps unknown paths and the APIs as they were', async () => {
    assert.equal((await veil.request({ url: '/nowhere' })).statusCode, 404);
    assert.equal((await veil.request({ url: '/veil/v1/me' })).statusCode, 401);
  });
});

describe('the pages without a build', () => {
  it('answers with a notice saying how to build them, and the APIs still work', async () => {
    const veil = await startTestVeil(backend!, 'demo', { webRoot: join(tmpdir(), 'veil-no-such-build') });
    try {
      const page = await veil.request({ url: '/profile' });
      assert.equal(page.statusCode, 503);
      assert.match(page.body, /npm run build:web/);
      assert.equal((await veil.request({ url: '/veil/v1/health' })).statusCode, 200);
    } finally {
      await veil.close();
    }
  });
});
