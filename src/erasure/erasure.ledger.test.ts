import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { appendToLedger, formatLedgerLine, parseLedger, readLedger } from './erasure.ledger.ts';

const storeIds = fc.constantFrom('store-a', 'store-b');
const accountIds = fc.stringMatching(/^[A-Za-z0-9:-]{1,40}$/);
const entries = fc.array(fc.tuple(storeIds, accountIds), { maxLength: 20 });

describe('the erasure ledger', () => {
  let folder: string;
  before(async () => {
    folder = await mkdtemp(join(tmpdir(), 'veil-ledger-'));
  });
  after(() => rm(folder, { recursive: true, force: true }));

  it("reads back exactly the store's own entries", () => {
    fc.assert(
      fc.property(entries, (written) => {
        const text = written.map(([store, account]) => formatLedgerLine(store, account)).join('');
        const expected = new Set(written.filter(([store]) => store === 'store-a').map(([, id]) => id));
        assert.deepEqual(parseLedger(text, 'store-a'), expected);
      }),
    );
  });

  it('never reads an entry that was not written from a ledger cut off mid-append, and loses none after', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(entries, fc.nat(), entries, async (earlier, cutAt, later) => {
        const path = join(folder, `ledger-${run++}`);
        const full = earlier.map(([store, account]) => formatLedgerLine(store, account)).join('');
        await writeFile(path, full.slice(0, full.length === 0 ? 0 : cutAt % (full.length + 1)));
        for (const [store, account] of later) await appendToLedger(path, store, [account]);
        const read = await readLedger(path, 'store-a');
        const written = new Set([...earlier, ...later].filter(([s]) => s === 'store-a').map(([, id]) => id));
        for (const id of read) assert.ok(written.has(id), `${id} was never written`);
        for (const [store, account] of later) if (store === 'store-a') assert.ok(read.has(account));
      }),
      { numRuns: 50 },
    );
  });

  it('is a file of the owner alone, and a ledger not written yet is empty', async () => {
    const path = join(folder, 'new', 'erasures');
    assert.deepEqual(await readLedger(path, 'store-a'), new Set());
    await appendToLedger(path, 'store-a', ['5f0c1a9e2b7d4c8e9a1b3c03']);
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    assert.equal(await readFile(path, 'utf8'), 'store-a 5f0c1a9e2b7d4c8e9a1b3c03\n');
    assert.throws(() => formatLedgerLine('store-a', 'noah@example.com'), /accountId/);
  });
});
