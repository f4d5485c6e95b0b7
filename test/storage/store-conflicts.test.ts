/**
 * The store conflicts that `errorForStoreConflict` names by constraint are the schema's own: a name
 * that no migration creates would leave its violation answered as the vaguer `request.conflict`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Store } from '../../src/db/store.ts';
import { namedUniqueConstraints } from '../../src/errors/store-conflicts.ts';
import { testBackends } from '../support/backends.ts';

for (const backend of testBackends()) {
  describe(`store conflict names on ${backend.name}`, () => {
    let store: Store;
    before(async () => {
      store = await backend.open();
    });
    after(() => store.close());

    it('names only unique constraints and indexes that the migrated schema has', async () => {
      const { rows } = await sql<{ name: string }>`
        select conname as name from pg_constraint where contype in ('p', 'u')
        union
        select indexname as name from pg_indexes
          where schemaname = current_schema() and indexdef like 'CREATE UNIQUE INDEX%'`.execute(store.db);
      const names = new Set(rows.map((row) => row.name));
      assert.ok(namedUniqueConstraints.length > 0);
      const missing = namedUniqueConstraints.filter((name) => !names.has(name));
      assert.deepEqual(missing, [], 'every named constraint is a unique one of the schema');
    });
  });
}
