/**
 * Erasure reaches the disk, on PGlite in a real data folder (`veil start --data DIR`): after the
 * erasure and its rewrite, no file of the folder holds the person's email, name or location, except
 * the write-ahead log (`pg_wal/`), which keeps every change until its segments are recycled (see
 * docs/lifecycle.md, "What stays on disk"). The folder is its owner's alone. A backup of the folder,
 * restored after the erasure, has the erasure re-applied at start from the erasure ledger; on
 * PostgreSQL too, the backup being a copy of the database (`create database … template …`).
 */
import assert from 'node:assert/strict';
import { chmod, cp, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createPostgresDatabase, runOnPostgresServer } from '../support/backends.ts';
import { demoIds } from '../support/test-veil.ts';
import { basicAuth, callVeilProcess, startVeilProcess, type VeilProcess } from '../support/veil-process.ts';

const pat = basicAuth('pat@veil.test', 'demo-token-pat');
const noah = demoIds.noah;
/** What identifies Noah in the demo world: his email, his name (and surname alone), his location. */
const noahsValues = ['noah@example.com', 'Noah Brenner', 'Brenner', 'Berlin'];
/** The write-ahead log: every change is in it until its segments are recycled (documented). */
const excluded = (path: string) => path.startsWith('pg_wal/');

async function listFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

/** Every file of the folder (but the excluded) holding one of the values, in any case: `file: value`. */
async function findValuesInFiles(folder: string, values: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const file of await listFiles(folder)) {
    const name = relative(folder, file);
    if (excluded(name)) continue;
    const text = (await readFile(file)).toString('latin1').toLowerCase();
    for (const value of values) if (text.includes(value.toLowerCase())) found.push(`${name}: ${value}`);
  }
  return found;
}

/** Files and folders whose mode is not 0600 (files) or 0700 (folders), the folder itself included. */
async function findLooseModes(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  const loose: string[] = [];
  for (const path of [folder, ...entries.map((entry) => join(entry.parentPath, entry.name))]) {
    const stats = await stat(path);
    const mode = stats.mode & 0o777;
    if (mode !== (stats.isDirectory() ? 0o700 : 0o600))
      loose.push(`${relative(folder, path)} ${mode.toString(8)}`);
  }
  return loose;
}

/** A request to the process as Pat, the platform admin of the demo world. */
function call(veil: VeilProcess, method: string, path: string, body?: unknown) {
  return callVeilProcess(veil, pat, { method, path, body });
}

async function advanceClock(veil: VeilProcess, duration: string) {
  const moved = await call(veil, 'POST', '/veil/v1/clock/advance', { duration });
  assert.equal(moved.status, 200, JSON.stringify(moved.body));
}

describe('an erasure on disk, PGlite in a data folder', () => {
  let parent: string;
  let folder: string;
  let backup: string;
  let veil: VeilProcess | undefined;
  const start = async () => {
    veil = await startVeilProcess(['--data', folder, '--port', '0', '--movable-clock']);
    return veil;
  };
  before(async () => {
    parent = await mkdtemp(join(tmpdir(), 'veil-erasure-disk-'));
    folder = join(parent, 'data');
    backup = join(parent, 'backup');
  });
  after(async () => {
    await veil?.stop('SIGKILL');
    await rm(parent, { recursive: true, force: true });
  });

  it('keeps the folder its owner’s alone, and holds the person before the erasure (the backup)', async () => {
    await (await start()).stop();
    assert.deepEqual(await findLooseModes(folder), [], 'folders 0700, files 0600');
    const before = await findValuesInFiles(folder, noahsValues);
    for (const value of noahsValues) {
      assert.ok(
        before.some((hit) => hit.endsWith(`: ${value}`)),
        `the scan finds ${value} while Noah is there`,
      );
    }
    await cp(folder, backup, { recursive: true });
    // As an older Veil left them: the next start closes them again.
    await chmod(join(folder, 'PG_VERSION'), 0o666);
    await chmod(join(folder, 'base'), 0o755);
    await chmod(folder, 0o755);
  });

  it('leaves none of the erased values in any table or index file, and the report says when', async () => {
    await start();
    const running = veil as VeilProcess;
    const asked = await call(running, 'POST', `/veil/v1/accounts/${noah}/deletion`, {
      gracePeriod: 'PT0S',
      confirm: noah,
    });
    assert.equal(asked.status, 202, JSON.stringify(asked.body));
    await advanceClock(running, 'PT0S');
    const erased = await call(running, 'GET', `/veil/v1/accounts/${noah}/erasure-report`);
    assert.equal(erased.status, 200, JSON.stringify(erased.body));
    assert.equal(erased.body.clean, true);
    assert.ok(erased.body.rewrite.tables.includes('accounts'), JSON.stringify(erased.body.rewrite));

    await advanceClock(running, 'PT1M');
    const rewritten = await call(running, 'GET', `/veil/v1/accounts/${noah}/erasure-report`);
    assert.ok(
      rewritten.body.rewrite.completedAt >= rewritten.body.completedAt,
      'rewritten after the erasure',
    );
    await running.stop();

    assert.deepEqual(await findValuesInFiles(folder, noahsValues), [], 'no table, index or other file');
    assert.deepEqual(await findLooseModes(folder), [], 'folders 0700, files 0600, loosened ones too');
    const ledger = `${folder}.erasure-ledger`;
    assert.equal((await stat(ledger)).mode & 0o777, 0o600);
    const entries = (await readFile(ledger, 'utf8')).trim().split('\n');
    assert.deepEqual(
      entries.map((line) => line.split(' ')[1]),
      [noah],
      'the ledger names the accountId and nothing else of the person',
    );
  });

  it('erases the person again when the folder is restored from the backup taken before', async () => {
    await rm(folder, { recursive: true });
    await cp(backup, folder, { recursive: true });
    const running = await start();
    assert.match(running.output(), /Erased again 1 accounts/);
    const user = await call(running, 'GET', `/rest/api/3/user?accountId=${noah}`);
    assert.equal(user.body.displayName, 'Former user');
    const report = await call(running, 'GET', `/veil/v1/accounts/${noah}/erasure-report`);
    assert.equal(report.status, 200, JSON.stringify(report.body));
    assert.deepEqual(report.body.requestedBy, { role: 'erasure-ledger', accountId: null });
    assert.equal(report.body.clean, true);
    await advanceClock(running, 'PT1M');
    const rewritten = await call(running, 'GET', `/veil/v1/accounts/${noah}/erasure-report`);
    assert.notEqual(rewritten.body.rewrite.completedAt, null);
    await running.stop();
    assert.deepEqual(await findValuesInFiles(folder, noahsValues), []);

    const again = await start();
    assert.doesNotMatch(
      again.output(),
      /Erased again/,
      'once erased again, the store agrees with the ledger',
    );
    await again.stop();
  });
});

const serverUrl = process.env.VEIL_TEST_DATABASE_URL;
if (serverUrl) {
  describe('an erasure re-applied to a restored backup, on postgres', () => {
    let parent: string;
    let veil: VeilProcess | undefined;
    const drops: (() => Promise<void>)[] = [];
    const env = { VEIL_SECRET_KEY: 'ab'.repeat(32) };
    before(async () => {
      parent = await mkdtemp(join(tmpdir(), 'veil-erasure-ledger-'));
    });
    after(async () => {
      await veil?.stop('SIGKILL');
      for (const drop of drops) await drop();
      await rm(parent, { recursive: true, force: true });
    });

    it('erases the person again when the database is restored from a copy made before', async () => {
      const ledger = join(parent, 'erasure-ledger');
      const start = async (url: string) => {
        const args = ['--database-url', url, '--erasure-ledger', ledger, '--port', '0', '--movable-clock'];
        veil = await startVeilProcess(args, { env });
        return veil;
      };
      const live = await createPostgresDatabase(serverUrl);
      drops.push(live.drop);
      await (await start(live.url)).stop();
      const backupName = `veil_backup_${Date.now().toString(36)}`;
      await runOnPostgresServer(
        serverUrl,
        `create database ${backupName} template ${new URL(live.url).pathname.slice(1)}`,
      );
      drops.push(() => runOnPostgresServer(serverUrl, `drop database if exists ${backupName} with (force)`));

      const running = await start(live.url);
      const asked = await call(running, 'POST', `/veil/v1/accounts/${noah}/deletion`, {
        gracePeriod: 'PT0S',
        confirm: noah,
      });
      assert.equal(asked.status, 202, JSON.stringify(asked.body));
      await advanceClock(running, 'PT1M');
      const erased = await call(running, 'GET', `/veil/v1/accounts/${noah}/erasure-report`);
      assert.equal(erased.body.requestedBy.role, 'platform-admin');
      await running.stop();

      const backupUrl = new URL(live.url);
      backupUrl.pathname = `/${backupName}`;
      const restored = await start(backupUrl.toString());
      assert.match(restored.output(), /Erased again 1 accounts/);
      const user = await call(restored, 'GET', `/rest/api/3/user?accountId=${noah}`);
      assert.equal(user.body.displayName, 'Former user');
      const report = await call(restored, 'GET', `/veil/v1/accounts/${noah}/erasure-report`);
      assert.deepEqual(report.body.requestedBy, { role: 'erasure-ledger', accountId: null });
      assert.equal(report.body.clean, true);
      await advanceClock(restored, 'PT1M');
      const rewritten = await call(restored, 'GET', `/veil/v1/accounts/${noah}/erasure-report`);
      assert.notEqual(rewritten.body.rewrite.completedAt, null, 'the restored tables are rewritten too');
      await restored.stop();
    });
  });
}
