/**
 * Veil scales out as N nodes behind a load balancer on one PostgreSQL (docs/scaling.md). Three real
 * processes on the demo world, checked through HTTP, and through SQL on the store where a node's word is
 * not enough: nodes agree through the store's change log. A change made through one is honoured by the
 * others within a second, by polling alone when no notification arrives, and after their listening
 * connections are killed; an erased person is never served by any node once the store has lost their
 * data, nor a deactivated one as active once the deactivation is answered; concurrent writes through
 * different nodes end in one state, the store's.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type ProcessStore, testBackends } from '../support/backends.ts';
import { demoIds } from '../support/test-veil.ts';
import {
  demoCredentials as as,
  holdsOnEvery,
  holdsWithin,
  requestAs,
  startVeilNodes,
  userOn,
  type VeilNodes,
} from '../support/veil-nodes.ts';
import type { VeilProcess } from '../support/veil-process.ts';

// Only a store that several processes can open: PostgreSQL, when VEIL_TEST_DATABASE_URL names a server.
const shared = testBackends().find((backend) => !backend.exclusive);
const skip = shared ? false : 'needs VEIL_TEST_DATABASE_URL (a PostgreSQL server); CI sets it';
/** The freshness bound the issue names: a change is honoured by every node within one second. */
const withinOneSecond = 1000;

function setMiasVisibility(node: VeilProcess, choices: Record<string, string>) {
  return requestAs(node, as.mia, { method: 'PUT', path: '/veil/v1/me/visibility', body: choices });
}

function changeMiasProfile(node: VeilProcess, changes: Record<string, string>) {
  return requestAs(node, as.mia, { method: 'PATCH', path: '/veil/v1/me/profile', body: changes });
}

/** Mia's email as Noah (no organization of hers) sees it on the node: there, or left out. */
async function miasEmailForNoahOn(node: VeilProcess): Promise<unknown> {
  return (await userOn(node, as.noah, demoIds.mia)).emailAddress;
}

/** Sets Mia's email visibility through `writer`; whether every node shows it so to Noah within a second. */
async function everyNodeHonoursEmailVisibility(
  nodes: readonly VeilProcess[],
  writer: VeilProcess,
  visibility: 'anyone' | 'only-you',
): Promise<boolean> {
  await setMiasVisibility(writer, { email: visibility });
  const expected = visibility === 'anyone' ? 'mia@acme.test' : undefined;
  assert.equal(await miasEmailForNoahOn(writer), expected, 'the node that wrote answers at once');
  return holdsWithin(withinOneSecond, () =>
    holdsOnEvery(nodes, async (node) => (await miasEmailForNoahOn(node)) === expected),
  );
}

/**
 * The connections of this test's database (never another test's) that LISTEN for the change log: a
 * listening connection's last statement stays its `listen "veil_changes"`.
 */
async function countChangeListeners(cluster: VeilNodes): Promise<number> {
  const [row] = await cluster.query<{ count: string }>(
    `select count(*) from pg_stat_activity
      where application_name = 'veil-listener' and datname = current_database()
        and query ilike 'listen%veil_changes%'`,
  );
  return Number(row?.count);
}

/** Kills every listening connection of this test's database (the change log's and the job runner's). */
async function killListeners(cluster: VeilNodes): Promise<number> {
  const [row] = await cluster.query<{ killed: string }>(
    `select count(pg_terminate_backend(pid)) as killed from pg_stat_activity
      where application_name = 'veil-listener' and datname = current_database()`,
  );
  return Number(row?.killed);
}

// The nodes with LISTEN off start first, on the empty database (the first of them loads the demo world);
// then the listening nodes, all together, on the same database.
describe('three Veil nodes on one PostgreSQL', { skip }, () => {
  let store: ProcessStore;
  before(async () => {
    store = await shared!.openForProcess();
  });
  after(() => store?.drop());

  describe('NOTIFY suppressed (VEIL_CHANGE_LISTEN=off)', () => {
    let cluster: VeilNodes;
    before(async () => {
      const env = { VEIL_CHANGE_LISTEN: 'off' };
      cluster = await startVeilNodes(store, 3, { args: ['--movable-clock'], env });
      for (const node of cluster.nodes) {
        assert.equal(await miasEmailForNoahOn(node), undefined);
        assert.equal((await userOn(node, as.pat, ava.accountId)).displayName, 'Ava Lindqvist');
      }
    });
    after(() => cluster?.stop());

    it('converges by polling alone within a second', async () => {
      assert.equal(await countChangeListeners(cluster), 0, 'no node listens for changes');
      const [first, , third] = cluster.nodes as [VeilProcess, VeilProcess, VeilProcess];
      assert.ok(await everyNodeHonoursEmailVisibility(cluster.nodes, first, 'anyone'), 'loosened');
      assert.ok(await everyNodeHonoursEmailVisibility(cluster.nodes, third, 'only-you'), 'tightened');
    });

    it('never serves an erased person from any node once the store has lost their data', async () => {
      await assertErasureNeverServed(cluster, ava);
    });

    it('serves a deactivation from every node as soon as it is answered, and the reactivation', async () => {
      for (const status of ['deactivated', 'active'] as const) {
        const [first] = cluster.nodes as [VeilProcess];
        const path = `/veil/v1/accounts/${demoIds.liam}`;
        await requestAs(first, as.pat, { method: 'PATCH', path, body: { status } });
        // At once, not within a second: polling alone would leave the others up to its interval behind.
        for (const [index, node] of cluster.nodes.entries()) {
          const { active } = await userOn(node, as.pat, demoIds.liam);
          assert.equal(active, status === 'active', `node ${index + 1} right after the answer`);
        }
      }
    });
  });

  describe('listening for changes', () => {
    let cluster: VeilNodes;
    let nodes: readonly VeilProcess[];
    before(async () => {
      cluster = await startVeilNodes(store, 3, { args: ['--movable-clock'], loaded: true });
      nodes = cluster.nodes;
      // Every node has read Mia and Noah before anything changes: what they keep is what must not go stale.
      for (const node of nodes) {
        assert.equal(await miasEmailForNoahOn(node), undefined);
        assert.equal((await userOn(node, as.pat, demoIds.noah)).displayName, 'Noah Brenner');
      }
    });
    after(() => cluster?.stop());

    it('has every node say in the store how far it has read, and the stopped nodes gone', async () => {
      // The three nodes with LISTEN off stopped cleanly before these started: they left.
      const heartbeats = () =>
        cluster.query<{ count: string }>(
          `select count(*) from veil_nodes where seen_at > now() - interval '2 seconds'`,
        );
      const everyNode = await holdsWithin(2000, async () => Number((await heartbeats())[0]?.count) === 3);
      assert.ok(everyNode, 'three live nodes');
      const [all] = await cluster.query<{ count: string }>('select count(*) from veil_nodes');
      assert.equal(Number(all?.count), nodes.length, 'no row of a stopped node');
      // A change through one node: within a second every node says it has read past it (what an
      // erasure waits for).
      await setMiasVisibility(nodes[0]!, { location: 'anyone' });
      const behind = () =>
        cluster.query<{ position: string; newest: string }>(
          `select position, (select max(seq) from change_log) as newest from veil_nodes
            where position < (select max(seq) from change_log)`,
        );
      const caughtUp = await holdsWithin(withinOneSecond, async () => (await behind()).length === 0);
      // For whoever reads a failure: the transactions that hold an id (a follower waits for them to end).
      const open = await cluster.query(
        `select state, backend_xid::text as xid, left(query, 80) as query from pg_stat_activity
          where datname = current_database() and backend_xid is not null`,
      );
      assert.ok(caughtUp, `every node past the change: ${JSON.stringify({ behind: await behind(), open })}`);
    });

    it('honours a visibility change made through one node on the other two within a second', async () => {
      const [first, second] = nodes as [VeilProcess, VeilProcess];
      assert.ok(await everyNodeHonoursEmailVisibility(nodes, first, 'anyone'), 'loosened, on every node');
      assert.ok(await everyNodeHonoursEmailVisibility(nodes, second, 'only-you'), 'tightened, on every node');
    });

    it('ends concurrent writes to one account through different nodes in one state, the store’s', async () => {
      const writes = Array.from({ length: 30 }, (_, i) => {
        const node = nodes[i % nodes.length]!;
        if (i % 2 === 0) return changeMiasProfile(node, { fullName: `Mia Krystof ${i}` });
        return setMiasVisibility(node, { email: i % 4 === 1 ? 'anyone' : 'only-you' });
      });
      await Promise.all(writes);
      const [stored] = await cluster.query<{ full_name: string; email: string; visibility: string | null }>(
        `select full_name, email, (select visibility from visibility_settings s
            where s.account_id = a.account_id and s.field = 'email') as visibility
           from accounts a where account_id = $1`,
        [demoIds.mia],
      );
      assert.ok(stored?.visibility, 'Mia and her email visibility are in the store');
      // Noah is no member of Mia's organization: he sees her name (anyone's by default) and her email only
      // when it is anyone's.
      const expected = {
        displayName: stored.full_name,
        emailAddress: stored.visibility === 'anyone' ? stored.email : undefined,
      };
      const seenOn = async (node: VeilProcess) => {
        const user = await userOn(node, as.noah, demoIds.mia);
        return { displayName: user.displayName, emailAddress: user.emailAddress };
      };
      const agree = await holdsWithin(withinOneSecond, () =>
        holdsOnEvery(nodes, async (node) => JSON.stringify(await seenOn(node)) === JSON.stringify(expected)),
      );
      assert.ok(agree, `every node shows ${JSON.stringify(expected)}`);
      const representations = await Promise.all(nodes.map((node) => userOn(node, as.noah, demoIds.mia)));
      for (const representation of representations.slice(1)) {
        assert.deepEqual(representation, representations[0], 'the same representation on every node');
      }
    });

    it('catches up after the listening connections are killed', async () => {
      assert.equal(await countChangeListeners(cluster), nodes.length, 'one change listener a node');
      assert.ok((await killListeners(cluster)) >= nodes.length, 'killed');
      const [, second, third] = nodes as [VeilProcess, VeilProcess, VeilProcess];
      assert.ok(await everyNodeHonoursEmailVisibility(nodes, third, 'anyone'), 'a change after the kill');
      assert.ok(await everyNodeHonoursEmailVisibility(nodes, second, 'only-you'), 'and the next one');
    });

    it('never serves an erased person from any node once the store has lost their data', async () => {
      await assertErasureNeverServed(cluster, noah);
    });
  });
});

/** A person of the demo world to erase: who, and what names them (that Pat sees) before the erasure. */
interface Erasable {
  readonly accountId: string;
  readonly values: readonly string[];
}
const noah: Erasable = {
  accountId: demoIds.noah,
  values: ['Noah', 'Brenner', 'noah@example.com', 'Berlin'],
};
const ava: Erasable = {
  accountId: demoIds.ava,
  values: ['Ava Lindqvist', 'Lindqvist', 'ava@acme.test', 'Stockholm'],
};

/**
 * Erases the person through the first node while every node is read again and again, and asserts that
 * no read asked for after the store shows their data gone names them (the erasure's fence: the data
 * goes only once every node shows a former user), and that the report then says clean.
 */
async function assertErasureNeverServed(cluster: VeilNodes, person: Erasable): Promise<void> {
  const { nodes } = cluster;
  const [eraser] = nodes as [VeilProcess];
  const path = `/veil/v1/accounts/${person.accountId}`;
  const watch = watchPersonOn(nodes, person);
  const body = { gracePeriod: 'PT0S', confirm: person.accountId };
  await requestAs(eraser, as.pat, { method: 'POST', path: `${path}/deletion`, body }, 202);
  // Work that falls due runs before the answer (on this node, unless another node's runner took it);
  // the report is read meanwhile, so that it is seen as soon as it is there.
  const advance = { method: 'POST', path: '/veil/v1/clock/advance', body: { duration: 'PT0S' } };
  const advanced = requestAs(eraser, as.pat, advance);
  const erased = await holdsWithin(10_000, () => dataGoneFromStore(cluster, person.accountId));
  const { judged, leaks, namedBefore } = await watch.stop(erased);
  await advanced;
  assert.ok(erased, 'the store lost their data');
  const report = { method: 'GET', path: `${path}/erasure-report` };
  const reported = await holdsWithin(10_000, async () => {
    const answer = await requestAs(eraser, as.pat, report).catch(() => null);
    return answer?.clean === true;
  });
  assert.ok(reported, 'the erasure is reported clean');
  assert.equal(namedBefore, nodes.length, 'every node served the person before the erasure');
  assert.ok(judged >= nodes.length, `every node was read after the data went (${judged} reads)`);
  // Where each node said it stood, against the log's newest change: for whoever reads a failure.
  const standing = await cluster.query(
    `select (select max(seq) from change_log) as newest, position, now() - seen_at as age from veil_nodes`,
  );
  assert.deepEqual(
    leaks,
    [],
    `no read asked for after the data went names the person ${JSON.stringify(standing)}`,
  );
}

/** Whether the account row in the store has lost its name: the erasure has committed. */
async function dataGoneFromStore(cluster: VeilNodes, accountId: string): Promise<boolean> {
  const [row] = await cluster.query<{ full_name: string }>(
    'select full_name from accounts where account_id = $1',
    [accountId],
  );
  return row?.full_name === '';
}

/**
 * Reads the person (as Pat, who may see all of them) on every node, again and again, until a second
 * after `stop(erased)` is called: each read asked for after that call is judged, and any that names
 * them is a leak. Not only eventually: right after the data went, on every node.
 */
function watchPersonOn(nodes: readonly VeilProcess[], person: Erasable) {
  let erasedAt = Number.POSITIVE_INFINITY;
  let stopAt = Number.POSITIVE_INFINITY;
  let judged = 0;
  const leaks: string[] = [];
  const namedBefore = new Set<number>();
  const readAgainAndAgain = async (node: VeilProcess, index: number) => {
    while (performance.now() < stopAt) {
      const askedAt = performance.now();
      const user = await userOn(node, as.pat, person.accountId);
      const served = JSON.stringify(user);
      const named = person.values.some((value) => served.includes(value));
      if (askedAt <= erasedAt) {
        if (named) namedBefore.add(index);
        continue;
      }
      judged += 1;
      const late = Math.round(askedAt - erasedAt);
      if (named) leaks.push(`node ${index + 1}, asked ${late} ms after the data went: ${user.displayName}`);
    }
  };
  const reading = Promise.all(nodes.map(readAgainAndAgain));
  return {
    async stop(erased: boolean) {
      erasedAt = performance.now();
      stopAt = erased ? erasedAt + withinOneSecond : 0;
      await reading;
      return { judged, leaks, namedBefore: namedBefore.size };
    },
  };
}
