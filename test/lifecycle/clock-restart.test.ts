import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { basicAuth, startVeilProcess, type VeilProcess } from '../support/veil-process.ts';

const pat = basicAuth('pat@veil.test', 'demo-token-pat');

describe('the movable clock of a real veil start', () => {
  let veil: VeilProcess | undefined;
  let folder = '';
  after(async () => {
    await veil?.stop();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  const clockOf = async (process: VeilProcess) =>
    new Date(((await (await fetch(`${process.url}/veil/v1/clock`)).json()) as { now: string }).now);

  it('runs on from where it was put, and keeps its lead across a restart', async () => {
    folder = await mkdtemp(join(tmpdir(), 'veil-clock-'));
    const args = ['--data', folder, '--port', '0', '--movable-clock'];
    veil = await startVeilProcess(args);
    const started = Date.now();
    const moved = await fetch(`${veil.url}/veil/v1/clock/advance`, {
      method: 'POST',
      headers: { ...pat, 'content-type': 'application/json' },
      body: JSON.stringify({ duration: 'P14D' }),
    });
    assert.equal(moved.status, 200, await moved.text());
    const ahead = 14 * 86_400_000;
    assert.ok((await clockOf(veil)).getTime() >= started + ahead);
    assert.equal(await veil.stop(), 0);

    veil = await startVeilProcess(args);
    const after = (await clockOf(veil)).getTime();
    assert.ok(after >= started + ahead, 'a restart does not send the clock back');
    assert.ok(after < Date.now() + ahead + 60_000, 'and does not move it further either');
    await veil.stop();
    veil = await startVeilProcess(['--data', folder, '--port', '0']);
    assert.equal(
      (await fetch(`${veil.url}/veil/v1/clock`)).status,
      404,
      'without the flag there is no clock to read',
    );
  });
});
