import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { basicAuth, runVeil, startVeilProcess } from '../support/veil-process.ts';

describe('veil start', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'veil-cli-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('serves the accounts of a scenario file under their explicit ids, then stops cleanly on SIGTERM', async () => {
    const file = join(dir, 'world.json');
    await writeFile(
      file,
      JSON.stringify({
        sites: [{ id: 'solo', baseUrl: 'http://127.0.0.1:1' }],
        accounts: [
          {
            accountId: '712020:0bd3b1a1-ffff-4c1e-9a1e-000000000001',
            type: 'atlassian',
            email: 'jo@example.org',
            fullName: 'Jo Explicit',
            apiTokens: ['jo-secret-token'],
            sites: { solo: { products: ['jira'] } },
          },
          {
            accountId: 'qm:custom:1',
            type: 'customer',
            site: 'solo',
            email: 'cu@example.org',
            fullName: 'Cu',
          },
        ],
      }),
    );
    const veil = await startVeilProcess(['--memory', '--scenario', file, '--port', '0']);
    try {
      assert.match(veil.output(), /712020:0bd3b1a1-ffff-4c1e-9a1e-000000000001\s+atlassian/);
      const health = await fetch(`${veil.url}/veil/v1/health`);
      assert.equal(health.status, 200);
      const me = await fetch(`${veil.url}/veil/v1/me`, {
        headers: basicAuth('jo@example.org', 'jo-secret-token'),
      });
      assert.equal(
        ((await me.json()) as { accountId: string }).accountId,
        '712020:0bd3b1a1-ffff-4c1e-9a1e-000000000001',
      );
      const customer = await fetch(`${veil.url}/veil/v1/accounts/qm:custom:1`, {
        headers: basicAuth('jo@example.org', 'jo-secret-token'),
      });
      assert.equal(((await customer.json()) as { accountType: string }).accountType, 'customer');
      assert.doesNotMatch(
        veil.output(),
        /jo-secret-token|jo@example\.org/,
        'no secrets or emails in the output',
      );
    } finally {
      assert.equal(await veil.stop('SIGTERM'), 0);
    }
  });

  it('refuses an invalid scenario with all its problems and loads nothing', async () => {
    const file = join(dir, 'bad.json');
    await writeFile(
      file,
      JSON.stringify({
        accounts: [
          { type: 'app', fullName: 'No key' },
          { type: 'robot', fullName: 'R' },
        ],
        extra: 1,
      }),
    );
    const data = join(dir, 'bad-data');
    const run = await runVeil(['start', '--data', data, '--scenario', file, '--port', '0']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /\$\.extra/);
    assert.match(run.stderr, /\$\.accounts\[1\]\.type/);
    const veil = await startVeilProcess(['--data', data, '--port', '0']);
    try {
      assert.match(veil.output(), /Loaded 10 accounts/, 'the store was still empty, so the demo filled it');
    } finally {
      await veil.stop('SIGINT');
    }
  });

  it('refuses a scenario with U+0000 before starting, naming the JSON path', async () => {
    const file = join(dir, 'nul.json');
    // JSON.stringify writes the NUL as the escape \u0000, as a hostile or broken file would carry it.
    await writeFile(
      file,
      JSON.stringify({
        accounts: [{ type: 'atlassian', email: 'nul@example.net', fullName: 'Nul\u0000Person' }],
      }),
    );
    const run = await runVeil(['start', '--memory', '--scenario', file, '--port', '0']);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /\$\.accounts\[0\]\.fullName: must not contain U\+0000/);
  });

  it('fills an empty store with the demo once, and keeps its data across restarts', async () => {
    const data = join(dir, 'demo-data');
    const first = await startVeilProcess(['--data', data, '--port', '0']);
    const headers = basicAuth('noah@example.com', 'demo-token-noah');
    await fetch(`${first.url}/veil/v1/me/visibility`, {
      method: 'PUT',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'anyone' }),
    });
    assert.equal(await first.stop(), 0);
    const second = await startVeilProcess(['--data', data, '--port', '0']);
    try {
      assert.doesNotMatch(second.output(), /Loaded/);
      const me = (await (await fetch(`${second.url}/veil/v1/me`, { headers })).json()) as {
        visibility: { email: { visibility: string } };
      };
      assert.equal(me.visibility.email.visibility, 'anyone');
    } finally {
      await second.stop();
    }
  });

  it("points the demo's default site at the address Veil listens on, and says so, restart after restart", async () => {
    const data = join(dir, 'follow-data');
    const headers = basicAuth('mia@acme.test', 'demo-token-mia');
    for (let start = 0; start < 2; start++) {
      const veil = await startVeilProcess(['--data', data, '--port', '0']);
      try {
        assert.match(veil.output(), new RegExp(`default site answers at ${veil.url}\\n`));
        const me = (await (await fetch(`${veil.url}/rest/api/3/myself`, { headers })).json()) as {
          self: string;
          avatarUrls: Record<string, string>;
        };
        assert.ok(me.self.startsWith(`${veil.url}/rest/api/3/user?`), me.self);
        assert.ok(me.avatarUrls['48x48']!.startsWith(veil.url), 'avatars too');
      } finally {
        assert.equal(await veil.stop(), 0);
      }
    }
  });

  it('reports every problem with the arguments at once', async () => {
    const run = await runVeil(['start', '--port', 'eighty', '--memory', '--data', 'x']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--port must be a whole number/);
    assert.match(run.stderr, /choose one store/);
  });
});
