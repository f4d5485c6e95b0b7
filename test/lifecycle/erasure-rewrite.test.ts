/**
 * The rewrite that follows an erasure, on every backend: the tables the erasure changed (and their
 * indexes) get new files after it commits, once for all the erasures of a minute, and the report says
 * when. That the old files' contents are gone is shown on a real data folder (erasure-disk.test.ts).
 * With `--erasure-rewrite off` the rewrite is the operator's: no table is locked, and the report says so.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Kysely, sql } from 'kysely';
import { type ConfigError, parseStartConfig } from '../../src/config/config.ts';
import type { Database } from '../../src/db/schema.ts';
import { rewriteBatchMs, rewriteJobKind } from '../../src/erasure/erasure.rewrite.ts';
import { testBackends } from '../support/backends.ts';
import { demoIds, demoPerson, type TestVeil } from '../support/test-veil.ts';
import {
  createManagedAccount,
  createOrganization,
  createPatAndNoahWorld,
  startSmallWorldVeil,
} from '../support/world-builders.ts';

const pat = demoPerson('pat');
/** Pat erases Noah (a person of his own) and Liam (Acme's). */
const world = createPatAndNoahWorld({
  organizations: [createOrganization()],
  accounts: [createManagedAccount('liam')],
});

/** The files a table and its indexes are in now. */
async function filesOf(db: Kysely<Database>, table: string): Promise<string[]> {
  const { rows } = await sql<{ file: string }>`
    select pg_relation_filepath(c.oid) as file from pg_class c
    where c.oid = ${table}::regclass
       or c.oid in (select indexrelid from pg_index where indrelid = ${table}::regclass)
    order by c.relname`.execute(db);
  return rows.map((row) => row.file);
}

for (const backend of testBackends()) {
  describe(`the rewrite after an erasure, on ${backend.name}`, () => {
    let veil: TestVeil;
    before(async () => {
      veil = await startSmallWorldVeil(backend, world);
    });
    after(() => veil.close());

    const erase = async (veil: TestVeil, accountId: string) => {
      const asked = await veil.request({
        method: 'POST',
        url: `/veil/v1/accounts/${accountId}/deletion`,
        as: pat,
        body: { gracePeriod: 'PT0S', confirm: accountId },
      });
      assert.equal(asked.statusCode, 202, asked.body);
    };
    const reportOf = async (veil: TestVeil, accountId: string) => {
      const response = await veil.request({ url: `/veil/v1/accounts/${accountId}/erasure-report`, as: pat });
      assert.equal(response.statusCode, 200, response.body);
      return response.json();
    };

    it('gives the changed tables new files after the erasure, once for the minute, and says when', async () => {
      const filesBefore = await filesOf(veil.store.db, 'accounts');
      await erase(veil, demoIds.noah);
      await erase(veil, demoIds.liam);
      await veil.app.jobs.runDue();
      const erased = await reportOf(veil, demoIds.noah);
      assert.equal(erased.clean, true);
      assert.equal(erased.rewrite.completedAt, null, 'not rewritten yet: that follows the commit');
      assert.ok(erased.rewrite.tables.includes('accounts'));
      // What the person was found by in search (names, email) was deleted, so it is rewritten too.
      for (const table of ['account_search_names', 'account_search_terms'])
        assert.ok(erased.rewrite.tables.includes(table), table);
      const kept = erased.tables.filter((t: { action: string }) => t.action === 'kept');
      for (const table of kept) assert.ok(!erased.rewrite.tables.includes(table.table), table.table);
      assert.deepEqual(await filesOf(veil.store.db, 'accounts'), filesBefore);
      const { count } = await veil.store.db
        .selectFrom('jobs')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('kind', '=', rewriteJobKind)
        .executeTakeFirstOrThrow();
      assert.equal(Number(count), 1, 'two erasures of one minute share one rewrite');

      veil.clock.advance(rewriteBatchMs);
      await veil.app.jobs.runDue();
      const filesAfter = await filesOf(veil.store.db, 'accounts');
      for (const file of filesAfter) assert.ok(!filesBefore.includes(file), `${file} is new`);
      for (const accountId of [demoIds.noah, demoIds.liam]) {
        const report = await reportOf(veil, accountId);
        assert.equal(report.rewrite.completedAt, veil.clock.now().toISOString());
      }
    });

    it('leaves the files alone with --erasure-rewrite off, and the report keeps saying not rewritten', async () => {
      const off = await startSmallWorldVeil(backend, world, { erasureRewrite: 'off' });
      try {
        const filesBefore = await filesOf(off.store.db, 'accounts');
        await erase(off, demoIds.noah);
        await off.app.jobs.runDue();
        off.clock.advance(rewriteBatchMs);
        await off.app.jobs.runDue();
        const report = await reportOf(off, demoIds.noah);
        assert.equal(report.clean, true);
        assert.ok(report.rewrite.tables.includes('accounts'), JSON.stringify(report.rewrite));
        assert.equal(report.rewrite.completedAt, null);
        assert.deepEqual(await filesOf(off.store.db, 'accounts'), filesBefore, 'no VACUUM FULL ran');
      } finally {
        await off.close();
      }
    });
  });
}

describe('the --erasure-rewrite option of veil start', () => {
  it('is full unless set to off, by flag or environment, and refuses anything else', () => {
    assert.equal(parseStartConfig(['--memory'], {}).erasureRewrite, 'full');
    assert.equal(parseStartConfig(['--memory', '--erasure-rewrite', 'off'], {}).erasureRewrite, 'off');
    assert.equal(parseStartConfig(['--memory'], { VEIL_ERASURE_REWRITE: 'off' }).erasureRewrite, 'off');
    assert.throws(
      () => parseStartConfig(['--memory', '--erasure-rewrite', 'later'], {}),
      (error: ConfigError) => {
        assert.deepEqual(error.problems, ['--erasure-rewrite must be one of full, off']);
        return true;
      },
    );
  });
});
