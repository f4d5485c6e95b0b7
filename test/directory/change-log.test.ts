/**
 * The change log and its follower, on a real database: triggers write what changed, the follower
 * applies it from its position (waking on NOTIFY, or polling alone), `sync()` sees a change just
 * committed, a backlog beyond the limit reloads everything, and on PostgreSQL, where a sequence value
 * is taken before commit, a seq that commits after a higher one is still applied and a rolled-back
 * one does not hold the position back.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, afterEach, before, describe, it } from 'node:test';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import type { Store } from '../../src/db/store.ts';
import {
  ChangeFollower,
  type FollowOptions,
  type PendingChanges,
} from '../../src/directory/change-follower.ts';
import { testBackends } from '../support/backends.ts';

/** Handlers that remember what they were given, and resolve `heard(key)` once a key is applied. */
function recorder() {
  const applied = new Set<string>();
  const listeners = new Map<string, () => void>();
  let reloads = 0;
  const apply = async (changes: PendingChanges) => {
    for (const key of [...changes.organizations, ...changes.sites, ...changes.accounts]) {
      applied.add(key);
      listeners.get(key)?.();
    }
  };
  return {
    handlers: { apply, reloadEverything: async () => void reloads++ },
    applied,
    reloads: () => reloads,
    heard: (key: string) =>
      applied.has(key) ? Promise.resolve() : new Promise<void>((resolve) => listeners.set(key, resolve)),
  };
}

async function addOrganization(db: Kysely<Database>, organizationId: string): Promise<void> {
  await db
    .insertInto('organizations')
    .values({ organization_id: organizationId, name: 'Logged', created_at: new Date() })
    .execute();
}

async function highestSeq(db: Kysely<Database>): Promise<number> {
  const { rows } = await sql<{ seq: number }>`select coalesce(max(seq), 0) as seq from change_log`.execute(
    db,
  );
  return Number(rows[0]?.seq);
}

for (const backend of testBackends()) {
  describe(`the change log on ${backend.name}`, () => {
    let writer: Store;
    let reader: Store;
    const followers: ChangeFollower[] = [];
    before(async () => {
      [writer, reader] = await backend.openPair();
    });
    // Each test's followers stop with it (a stopped node leaves veil_nodes).
    afterEach(async () => {
      for (const follower of followers.splice(0)) await follower.close();
    });
    after(async () => {
      await reader.close();
      await writer.close();
    });

    const follow = async (options: FollowOptions = {}) => {
      const record = recorder();
      const follower = new ChangeFollower(reader.db, record.handlers, options);
      followers.push(follower);
      await follower.start(reader.listen);
      return { follower, ...record };
    };

    it('logs each changed key once per row, old and new, with NOTIFY only waking', async () => {
      const before = await highestSeq(writer.db);
      const id = `org-${randomUUID()}`;
      await addOrganization(writer.db, id);
      await writer.db
        .updateTable('organizations')
        .set({ name: 'Renamed' })
        .where('organization_id', '=', id)
        .execute();
      await writer.db
        .updateTable('organizations')
        .set({ organization_id: `${id}-b` })
        .where('organization_id', '=', id)
        .execute();
      const { rows } = await sql<{ kind: string; key: string }>`
        select kind, key from change_log where seq > ${before} order by seq`.execute(writer.db);
      assert.deepEqual(
        rows.map((row) => `${row.kind}:${row.key}`),
        [`organization:${id}`, `organization:${id}`, `organization:${id}`, `organization:${id}-b`],
      );
    });

    it('applies a change once it is committed, and sync() sees a change just committed', async () => {
      const { follower, applied, reloads } = await follow();
      assert.equal(reloads(), 1, 'a start reloads everything as of its position');
      const id = `org-${randomUUID()}`;
      await addOrganization(writer.db, id);
      await follower.sync();
      assert.ok(applied.has(id));
      assert.ok(follower.position >= (await highestSeq(writer.db)));
      assert.ok(follower.isCurrent());
    });

    it('with LISTEN off, polling alone delivers', async () => {
      const { follower, heard } = await follow({ listen: false, pollMs: 20 });
      const id = `org-${randomUUID()}`;
      await addOrganization(writer.db, id);
      // No sync() (which would wake it): only its own polling reads the log.
      await heard(id);
      assert.ok(follower.isCurrent());
    });

    it('reloads everything instead of applying a backlog beyond its limit', async () => {
      const { follower, applied, reloads } = await follow({ backlogLimit: 5, pollMs: 5000, listen: false });
      // The loop's first read follows start() at once: let it end, so that no read is in flight while
      // the rows are written (rows in flight at a jump are applied after it, rightly).
      await follower.sync();
      const ids = Array.from({ length: 10 }, () => `org-${randomUUID()}`);
      await writer.db
        .insertInto('organizations')
        .values(ids.map((id) => ({ organization_id: id, name: 'Bulk', created_at: new Date() })))
        .execute();
      await follower.sync();
      assert.equal(reloads(), 2);
      assert.ok(ids.every((id) => !applied.has(id)));
      // What was in flight at the jump is read once more; then the position is past all of it.
      await follower.sync();
      assert.ok(follower.position >= (await highestSeq(writer.db)));
    });

    it('waits for every live node to apply a seq, and not for a node gone quiet', async () => {
      const { follower } = await follow();
      await addOrganization(writer.db, `org-${randomUUID()}`);
      const seq = await highestSeq(writer.db);
      await follower.sync();
      const other = `test-node-${randomUUID()}`;
      const stale = `test-node-${randomUUID()}`;
      await sql`insert into veil_nodes values (${other}, ${seq - 1}, now()),
        (${stale}, 0, now() - interval '1 hour')`.execute(writer.db);
      assert.equal(await follower.waitForNodes(seq, 0), false);
      await sql`update veil_nodes set position = ${seq} where node_id = ${other}`.execute(writer.db);
      assert.equal(await follower.waitForNodes(seq, 0), true);
      await sql`delete from veil_nodes where node_id in (${other}, ${stale})`.execute(writer.db);
    });

    const concurrent = backend.exclusive
      ? 'needs PostgreSQL (VEIL_TEST_DATABASE_URL; CI sets it): PGlite runs one transaction at a time'
      : false;

    /** A transaction that writes `organizationId` and then waits for `end` to commit or roll back. */
    const openTransaction = (organizationId: string) => {
      let written = () => {};
      let end: (outcome: 'commit' | 'rollback') => void = () => {};
      const wrote = new Promise<void>((resolve) => {
        written = resolve;
      });
      const outcome = new Promise<'commit' | 'rollback'>((resolve) => {
        end = resolve;
      });
      const done = writer.db
        .transaction()
        .execute(async (trx) => {
          await addOrganization(trx, organizationId);
          written();
          if ((await outcome) === 'rollback') throw new Error('rolled back on purpose');
        })
        .catch((error: Error) => assert.equal(error.message, 'rolled back on purpose'));
      return { wrote, end, done };
    };

    it('applies a seq that commits after a higher one (seq 11 before seq 10)', {
      skip: concurrent,
    }, async () => {
      const { follower, applied } = await follow();
      const [early, late] = [`org-${randomUUID()}`, `org-${randomUUID()}`];
      const first = openTransaction(early);
      await first.wrote;
      await addOrganization(writer.db, late);
      await follower.sync();
      assert.ok(applied.has(late));
      assert.ok(!applied.has(early));
      assert.ok(follower.position < (await highestSeq(writer.db)), 'the open seq holds the position back');
      first.end('commit');
      await first.done;
      await follower.sync();
      assert.ok(applied.has(early), 'the seq that committed last is applied');
      assert.ok(follower.position >= (await highestSeq(writer.db)));
    });

    it('is not held back forever by a rolled-back seq', { skip: concurrent }, async () => {
      const { follower, applied } = await follow();
      const [undone, kept] = [`org-${randomUUID()}`, `org-${randomUUID()}`];
      const first = openTransaction(undone);
      await first.wrote;
      await addOrganization(writer.db, kept);
      await follower.sync();
      first.end('rollback');
      await first.done;
      const target = await highestSeq(writer.db);
      // The gap closes on the first read whose oldest running transaction is past it.
      for (let reads = 0; reads < 100 && follower.position < target; reads++) await follower.sync();
      assert.ok(follower.position >= target);
      assert.ok(applied.has(kept) && !applied.has(undone));
    });

    it('catches a change in flight when it started', { skip: concurrent }, async () => {
      const id = `org-${randomUUID()}`;
      const first = openTransaction(id);
      await first.wrote;
      const { follower, applied } = await follow();
      first.end('commit');
      await first.done;
      await follower.sync();
      assert.ok(applied.has(id));
      assert.ok(follower.position >= (await highestSeq(writer.db)));
    });

    it('names its listener veil-listener, and delivers after that connection is killed', {
      skip: concurrent,
    }, async () => {
      const { heard } = await follow({ pollMs: 5000 });
      const { rows } = await sql<{ killed: boolean }>`
        select pg_terminate_backend(pid) as killed from pg_stat_activity
        where application_name = 'veil-listener' and datname = current_database()`.execute(writer.db);
      assert.deepEqual(
        rows.map((row) => row.killed),
        [true],
      );
      const id = `org-${randomUUID()}`;
      await addOrganization(writer.db, id);
      // Woken by the next NOTIFY once the listener is back (it says so when it is), or by the next poll.
      await heard(id);
    });
  });
}
