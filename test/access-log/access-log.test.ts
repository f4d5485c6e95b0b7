import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import {
  listFieldReads,
  recordFieldRead,
  recordFieldReads,
} from '../../src/access-log/access-log.repository.ts';
import { ProfileReadCounter } from '../../src/access-log/profile-reads.ts';
import { createAccount } from '../../src/accounts/accounts.service.ts';
import { ManualClock } from '../../src/clock/clock.ts';
import type { Store } from '../../src/db/store.ts';
import { testBackends } from '../support/backends.ts';

for (const backend of testBackends()) {
  describe(`data-access records on ${backend.name}`, () => {
    let store: Store;
    const clock = new ManualClock(new Date('2026-11-22T12:00:00Z'));
    before(async () => {
      store = await backend.open();
    });
    after(() => store.close());

    it('keeps every read, in the caller’s transaction, and lists a person’s newest first', async () => {
      const read = {
        readerKind: 'app',
        readerId: 'com.example.mailer',
        siteId: 'acme',
        field: 'email',
      } as const;
      await recordFieldRead(store.db, clock, { ...read, accountId: 'person-1' });
      clock.advance(1000);
      await recordFieldReads(store.db, clock, [
        { ...read, accountId: 'person-1', field: 'location' },
        { ...read, accountId: 'person-2' },
      ]);
      await recordFieldReads(store.db, clock, []);
      await assert.rejects(
        store.db.transaction().execute(async (trx) => {
          await recordFieldRead(trx, clock, {
            ...read,
            accountId: 'person-1',
            readerKind: 'admin',
            readerId: 'admin-1',
          });
          throw new Error('the read was not sent');
        }),
      );
      const reads = await listFieldReads(store.db, 'person-1');
      assert.deepEqual(
        reads.map((r) => [r.field, r.readAt.toISOString()]),
        [
          ['location', '2026-11-22T12:00:01.000Z'],
          ['email', '2026-11-22T12:00:00.000Z'],
        ],
      );
      assert.deepEqual(await listFieldReads(store.db, 'person-1', { limit: 10, since: clock.now() }), [
        reads[0],
      ]);
    });

    it('takes profile fields only', async () => {
      await assert.rejects(
        recordFieldRead(store.db, clock, {
          accountId: 'person-1',
          readerKind: 'app',
          readerId: 'x',
          siteId: null,
          field: 'password' as 'email',
        }),
      );
    });

    it('counts profile reads on the UTC day of the clock, whatever the clock does between them', async () => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.integer({ min: 0, max: 3 * 24 * 60 * 60 * 1000 }), { minLength: 1, maxLength: 12 }),
          async (steps) => {
            const moving = new ManualClock(new Date('2026-11-22T23:59:59.999Z'));
            const { accountId } = await createAccount(store.db, moving, {
              type: 'app',
              appKey: `com.example.counted-${run++}`,
              fullName: 'Counted',
            });
            const counter = new ProfileReadCounter(store.db, moving);
            const expected = new Map<string, number>();
            for (const step of steps) {
              moving.advance(step);
              counter.record('com.example.reader', accountId);
              const day = moving.now().toISOString().slice(0, 10);
              expected.set(day, (expected.get(day) ?? 0) + 1);
            }
            const rows = await counter.read(accountId);
            assert.deepEqual(new Map(rows.map((row) => [row.day, row.reads])), expected);
          },
        ),
        { numRuns: 25 },
      );
    });
  });
}
