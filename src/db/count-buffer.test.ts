import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CountBuffer } from './count-buffer.ts';

interface Row {
  key: string;
  count: number;
}

function bufferInto(store: Map<string, number>, failNext: { value: boolean }) {
  return new CountBuffer<Row>({
    keyOf: (row) => row.key,
    merge: (into, from) => {
      into.count += from.count;
    },
    write: async (rows) => {
      if (failNext.value) {
        failNext.value = false;
        throw new Error('the store is away');
      }
      for (const row of rows) store.set(row.key, (store.get(row.key) ?? 0) + row.count);
    },
    flushIntervalMs: 60_000,
  });
}

describe('counts buffered in memory', () => {
  it('adds up to what was counted, whatever the order, with writes failing and retried in between', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.integer({ min: 1, max: 5 }), fc.boolean()), {
          maxLength: 40,
        }),
        async (steps) => {
          const store = new Map<string, number>();
          const failNext = { value: false };
          const buffer = bufferInto(store, failNext);
          const expected = new Map<string, number>();
          for (const [key, count, flushNow] of steps) {
            buffer.add({ key, count });
            expected.set(key, (expected.get(key) ?? 0) + count);
            if (flushNow) {
              failNext.value = count === 5;
              await buffer.flush().catch(() => {});
            }
          }
          failNext.value = false;
          await buffer.flush();
          assert.deepEqual(new Map([...store].sort()), new Map([...expected].sort()));
        },
      ),
    );
  });

  it('keeps a copy: a row counted is not changed by the buffer', async () => {
    const buffer = bufferInto(new Map(), { value: false });
    const row = { key: 'a', count: 1 };
    buffer.add(row);
    buffer.add({ key: 'a', count: 2 });
    assert.deepEqual(row, { key: 'a', count: 1 });
    await buffer.flush();
  });
});
