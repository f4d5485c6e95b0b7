import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { testBackends } from '../support/backends.ts';
import { demoIds } from '../support/test-veil.ts';
import { basicAuth, callVeilProcess, startVeilProcess, type VeilProcess } from '../support/veil-process.ts';

const pat = basicAuth('pat@veil.test', 'demo-token-pat');
const noah = demoIds.noah;

/** The account's name as the store holds it (read beside the process, on PostgreSQL). */
async function storedFullName(databaseUrl: string, accountId: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query('select full_name from accounts where account_id = $1', [accountId]);
    return rows[0]?.full_name;
  } finally {
    await client.end();
  }
}

/** A request to the process as Pat, the platform admin of the demo world. */
function call(veil: VeilProcess, method: string, path: string, body?: unknown) {
  return callVeilProcess(veil, pat, { method, path, body });
}

for (const backend of testBackends()) {
  // PGlite: the restart frees the lease of the killed process at once. PostgreSQL: another process may
  // hold the job, so it is taken over when the erasure's lease (10 minutes) runs out.
  const leaseWait = backend.exclusive ? 'PT0S' : 'PT11M';
  describe(`an erasure cut short by SIGKILL, on ${backend.name}`, () => {
    let veil: VeilProcess | undefined;
    let drop: () => Promise<void> = async () => {};
    after(async () => {
      await veil?.stop('SIGKILL');
      await drop();
    });

    it('leaves the account untouched, and completes after the restart; the report says so', async () => {
      const opened = await backend.openForProcess();
      drop = opened.drop;
      const args = [...opened.args, '--port', '0', '--movable-clock'];
      // This Veil dies (SIGKILL, by its own hand) inside the erasure, after every write, before the commit.
      veil = await startVeilProcess(args, { env: { VEIL_FAILPOINTS: 'erasure.before-commit' } });
      const exited = once(veil.child, 'exit');
      // The answer may not make it out before the process dies: what matters is what the store holds.
      await call(veil, 'POST', `/veil/v1/accounts/${noah}/deletion`, {
        gracePeriod: 'PT0S',
        confirm: noah,
      }).catch(() => undefined);
      const [code, signal] = await exited;
      assert.equal(code, null);
      assert.equal(signal, 'SIGKILL', 'the process was killed in the middle of the erasure');

      veil = await startVeilProcess(args);
      if (!backend.exclusive) {
        const kept = await call(veil, 'GET', `/rest/api/3/user?accountId=${noah}`);
        // The erasure's fence (marked, then every node waited for) committed before the erasure began.
        assert.equal(
          kept.body.displayName,
          'Former user',
          'marked for erasure: a former user to every reader',
        );
        const stored = await storedFullName(opened.databaseUrl!, noah);
        assert.equal(stored, 'Noah Brenner', 'nothing of the cut-off erasure was committed');
      }
      const moved = await call(veil, 'POST', '/veil/v1/clock/advance', { duration: leaseWait });
      assert.equal(moved.status, 200, JSON.stringify(moved.body));

      const report = await call(veil, 'GET', `/veil/v1/accounts/${noah}/erasure-report`);
      assert.equal(report.status, 200, JSON.stringify(report.body));
      assert.equal(report.body.attempts, 2, 'one attempt cut off, one that finished');
      assert.equal(report.body.clean, true);
      assert.deepEqual(report.body.scan.matches, []);
      assert.ok(report.body.completedAt >= report.body.startedAt);
      const user = await call(veil, 'GET', `/rest/api/3/user?accountId=${noah}`);
      assert.equal(user.body.displayName, 'Former user');
      const deletion = await call(veil, 'GET', `/veil/v1/accounts/${noah}/deletion`);
      assert.equal(deletion.body.status, 'erased');
    });
  });
}
