/**
 * The erasure ledger on every backend, in one process: the erasure job appends to it; at start the
 * ledger and the store are reconciled both ways — an erasure the ledger lacks (the append was cut off)
 * is added, and an account the ledger names that holds personal data again (a restored backup,
 * simulated here by putting the row back) is erased again. Real restores: erasure-disk.test.ts.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { notifyAppsOfErasure } from '../../src/erasure/erasure.notify.ts';
import { reconcileErasureLedger } from '../../src/erasure/erasure.restore.ts';
import { testBackends } from '../support/backends.ts';
import { demoIds, demoPerson, type TestVeil } from '../support/test-veil.ts';
import { createPatAndNoahWorld, startSmallWorldVeil } from '../support/world-builders.ts';

const pat = demoPerson('pat');
const noah = demoIds.noah;

for (const backend of testBackends()) {
  describe(`the erasure ledger, on ${backend.name}`, () => {
    let veil: TestVeil;
    let folder: string;
    let ledger: string;
    const reconcile = () =>
      reconcileErasureLedger(
        { db: veil.store.db, clock: veil.clock, config: { erasureLedger: ledger } },
        { notifyApps: notifyAppsOfErasure },
      );
    const ledgerIds = async () =>
      (await readFile(ledger, 'utf8'))
        .trim()
        .split('\n')
        .map((line) => line.split(' ')[1]);
    before(async () => {
      folder = await mkdtemp(join(tmpdir(), 'veil-ledger-'));
      ledger = join(folder, 'erasure-ledger');
      veil = await startSmallWorldVeil(backend, createPatAndNoahWorld(), { erasureLedger: ledger });
    });
    after(async () => {
      await veil.close();
      await rm(folder, { recursive: true, force: true });
    });

    it('is appended to by the erasure, and gets back an erasure it lost', async () => {
      const asked = await veil.request({
        method: 'POST',
        url: `/veil/v1/accounts/${noah}/deletion`,
        as: pat,
        body: { gracePeriod: 'PT0S', confirm: noah },
      });
      assert.equal(asked.statusCode, 202, asked.body);
      await veil.app.jobs.runDue();
      assert.deepEqual(await ledgerIds(), [noah]);
      await rm(ledger);
      assert.deepEqual(await reconcile(), { reapplied: 0, recorded: 1 });
      assert.deepEqual(await ledgerIds(), [noah]);
      assert.deepEqual(await reconcile(), { reapplied: 0, recorded: 0 }, 'nothing twice');
    });

    it('erases again an account it names that holds personal data again', async () => {
      veil.clock.advance(1000);
      // What a restored backup holds: Noah as he was before the erasure.
      await veil.store.db
        .updateTable('accounts')
        .set({ status: 'active', full_name: 'Noah Brenner', email: 'noah@example.com', location: 'Berlin' })
        .where('account_id', '=', noah)
        .execute();
      assert.deepEqual(await reconcile(), { reapplied: 1, recorded: 0 });
      const row = await veil.store.db
        .selectFrom('accounts')
        .select(['status', 'full_name', 'email', 'location'])
        .where('account_id', '=', noah)
        .executeTakeFirstOrThrow();
      assert.deepEqual(row, { status: 'deleted', full_name: '', email: null, location: null });
      const deletion = await veil.store.db
        .selectFrom('account_deletions')
        .select(['status', 'requested_by_role'])
        .where('account_id', '=', noah)
        .orderBy('requested_at', 'desc')
        .executeTakeFirstOrThrow();
      assert.deepEqual(deletion, { status: 'erased', requested_by_role: 'erasure-ledger' });
      assert.deepEqual(await ledgerIds(), [noah], 'already listed, not appended again');
      // A write through the API waits until the directory has followed the rows changed here.
      const written = await veil.request({
        method: 'POST',
        url: '/veil/v1/sites/acme/groups',
        as: pat,
        body: { name: 'ledger-checked' },
      });
      assert.equal(written.statusCode, 201, written.body);
    });
  });
}
