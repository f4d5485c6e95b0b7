import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { type ProcessStore, testBackends } from '../support/backends.ts';
import { demoIds } from '../support/test-veil.ts';
import { basicAuth, startVeilProcess, type VeilProcess } from '../support/veil-process.ts';

// Only a store that several processes can open: PostgreSQL, when VEIL_TEST_DATABASE_URL names a server.
const shared = testBackends().find((backend) => !backend.exclusive);

/**
 * Veil scales out as several processes on one PostgreSQL. A privacy setting changed through one must
 * be honoured by every other within a second: each follows the store through LISTEN/NOTIFY.
 */
describe('two Veil processes on one PostgreSQL', {
  skip: shared ? false : 'needs VEIL_TEST_DATABASE_URL (a PostgreSQL server); CI sets it',
}, () => {
  let store: ProcessStore;
  let first: VeilProcess;
  let second: VeilProcess;
  before(async () => {
    store = await shared!.openForProcess();
    first = await startVeilProcess([...store.args, '--port', '0']);
    second = await startVeilProcess([...store.args, '--port', '0']);
  });
  after(async () => {
    await first?.stop();
    await second?.stop();
    await store?.drop();
  });

  const miaSeenByNoahOn = async (veil: VeilProcess) => {
    const response = await fetch(`${veil.url}/rest/api/3/user?accountId=${demoIds.mia}`, {
      headers: basicAuth('noah@example.com', 'demo-token-noah'),
    });
    return (await response.json()) as { emailAddress?: string };
  };

  /** Polls until `check` holds, for at most `withinMs`; returns whether it held in time. */
  const holdsWithin = async (withinMs: number, check: () => Promise<boolean>) => {
    const deadline = Date.now() + withinMs;
    while (Date.now() < deadline) {
      if (await check()) return true;
      await sleep(25);
    }
    return check();
  };

  const setMiasEmailVisibility = async (veil: VeilProcess, visibility: string) => {
    const response = await fetch(`${veil.url}/veil/v1/me/visibility`, {
      method: 'PUT',
      headers: { ...basicAuth('mia@acme.test', 'demo-token-mia'), 'content-type': 'application/json' },
      body: JSON.stringify({ email: visibility }),
    });
    assert.equal(response.status, 200);
  };

  it('shows a loosened setting made through one process on the other within a second', async () => {
    assert.equal((await miaSeenByNoahOn(second)).emailAddress, undefined);
    await setMiasEmailVisibility(first, 'anyone');
    assert.equal(
      (await miaSeenByNoahOn(first)).emailAddress,
      'mia@acme.test',
      'the process that wrote answers at once',
    );
    assert.ok(
      await holdsWithin(1000, async () => (await miaSeenByNoahOn(second)).emailAddress === 'mia@acme.test'),
    );
  });

  it('hides a tightened setting on the other process within a second', async () => {
    await setMiasEmailVisibility(second, 'only-you');
    assert.equal((await miaSeenByNoahOn(second)).emailAddress, undefined);
    assert.ok(await holdsWithin(1000, async () => (await miaSeenByNoahOn(first)).emailAddress === undefined));
  });
});
