import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ManualClock } from '../../src/clock/clock.ts';
import type { Store } from '../../src/db/store.ts';
import { JobFailure, type JobLogger, JobRunner } from '../../src/jobs/job-runner.ts';
import { claimNextJobRow } from '../../src/jobs/jobs.repository.ts';
import { enqueueJob, findJob, listJobAttempts } from '../../src/jobs/jobs.service.ts';
import { testBackends } from '../support/backends.ts';

const quiet: JobLogger = { info: () => {}, warn: () => {}, error: () => {} };

/** A handler that records what it ran and fails as `plan` says (by attempt number). */
function recorder(plan: (attempt: number) => Error | undefined = () => undefined) {
  const runs: { jobId: string; attempt: number; payload: unknown }[] = [];
  return {
    runs,
    handler: async ({ job, attempt }: { job: { jobId: string; payload: unknown }; attempt: number }) => {
      runs.push({ jobId: job.jobId, attempt, payload: job.payload });
      await sleep(1);
      const failure = plan(attempt);
      if (failure) throw failure;
    },
  };
}

for (const backend of testBackends()) {
  describe(`durable jobs on ${backend.name}`, () => {
    let store: Store;
    let clock: ManualClock;
    before(async () => {
      store = await backend.open();
    });
    after(() => store.close());
    beforeEach(async () => {
      clock = new ManualClock(new Date('2026-11-22T12:00:00Z'));
      await store.db.deleteFrom('jobs').execute();
    });
    const runner = (options: Partial<ConstructorParameters<typeof JobRunner>[0]> = {}) =>
      new JobRunner({ db: store.db, clock, log: quiet, ...options });

    it('writes a job in the caller’s transaction: gone with a rollback, there with a commit', async () => {
      await assert.rejects(
        store.db.transaction().execute(async (trx) => {
          await enqueueJob(trx, clock, { kind: 'test.rolled-back', payload: { n: 1 } });
          throw new Error('the change failed');
        }),
      );
      const jobId = await store.db
        .transaction()
        .execute((trx) => enqueueJob(trx, clock, { kind: 'test.committed', payload: { n: 2 } }));
      const rows = await store.db.selectFrom('jobs').select(['kind', 'status']).execute();
      assert.deepEqual(rows, [{ kind: 'test.committed', status: 'pending' }]);
      assert.deepEqual((await findJob(store.db, jobId))?.payload, { n: 2 });
    });

    it('writes one job per kind and key, however often it is enqueued', async () => {
      const first = await enqueueJob(store.db, clock, { kind: 'test.once', key: 'k1', payload: 1 });
      const again = await enqueueJob(store.db, clock, { kind: 'test.once', key: 'k1', payload: 2 });
      const other = await enqueueJob(store.db, clock, { kind: 'test.other', key: 'k1', payload: 3 });
      assert.equal(again, first);
      assert.notEqual(other, first);
      assert.deepEqual((await findJob(store.db, first))?.payload, 1);
    });

    it('runs what the injected clock says is due, and nothing before', async () => {
      const jobs = runner();
      const { runs, handler } = recorder();
      jobs.register('test.later', handler);
      const now = await enqueueJob(store.db, clock, { kind: 'test.later', payload: 'now' });
      const later = await enqueueJob(store.db, clock, {
        kind: 'test.later',
        payload: 'in an hour',
        runAt: new Date(clock.now().getTime() + 60 * 60 * 1000),
      });
      await jobs.runDue();
      assert.deepEqual(
        runs.map((run) => run.payload),
        ['now'],
      );
      clock.advance(60 * 60 * 1000 - 1);
      await jobs.runDue();
      assert.equal(runs.length, 1);
      clock.advance(1);
      await jobs.runDue();
      assert.deepEqual(
        runs.map((run) => run.jobId),
        [now, later],
      );
      assert.equal((await findJob(store.db, later))?.status, 'succeeded');
    });

    it('retries a failed attempt after a doubling backoff and keeps every attempt', async () => {
      const jobs = runner();
      const { runs, handler } = recorder((attempt) =>
        attempt < 3 ? new JobFailure(`the app answered 50${attempt}`) : undefined,
      );
      jobs.register('test.flaky', handler, { backoffMs: (attempt) => 1000 * 2 ** (attempt - 1) });
      const jobId = await enqueueJob(store.db, clock, { kind: 'test.flaky', payload: null });
      await jobs.runDue();
      assert.equal(runs.length, 1);
      const waiting = await findJob(store.db, jobId);
      assert.equal(waiting?.status, 'pending');
      assert.equal(waiting?.lastError, 'the app answered 501');
      assert.equal(waiting?.runAt.getTime(), clock.now().getTime() + 1000);
      clock.advance(999);
      await jobs.runDue();
      assert.equal(runs.length, 1, 'not before the backoff');
      clock.advance(1);
      await jobs.runDue();
      clock.advance(2000);
      await jobs.runDue();
      assert.deepEqual(
        runs.map((run) => run.attempt),
        [1, 2, 3],
      );
      const attempts = await listJobAttempts(store.db, jobId);
      assert.deepEqual(
        attempts.map((a) => [a.attempt, a.outcome, a.error]),
        [
          [1, 'retrying', 'the app answered 501'],
          [2, 'retrying', 'the app answered 502'],
          [3, 'succeeded', null],
        ],
      );
      assert.ok(attempts.every((a) => a.runnerId === jobs.runnerId && a.finishedAt !== null));
      assert.equal((await findJob(store.db, jobId))?.status, 'succeeded');
    });

    it('fails a job after its last attempt, or at once when trying again cannot help', async () => {
      const jobs = runner();
      jobs.register('test.hopeless', recorder(() => new JobFailure('refused')).handler, {
        maxAttempts: 2,
        backoffMs: () => 10,
      });
      jobs.register('test.final', recorder(() => new JobFailure('malformed', { retry: false })).handler);
      const hopeless = await enqueueJob(store.db, clock, { kind: 'test.hopeless', payload: null });
      const final = await enqueueJob(store.db, clock, { kind: 'test.final', payload: null });
      for (let round = 0; round < 3; round++) {
        await jobs.runDue();
        clock.advance(10);
      }
      assert.deepEqual(
        (await listJobAttempts(store.db, hopeless)).map((a) => a.outcome),
        ['retrying', 'failed'],
      );
      assert.equal((await findJob(store.db, hopeless))?.status, 'failed');
      assert.deepEqual(
        (await listJobAttempts(store.db, final)).map((a) => a.outcome),
        ['failed'],
      );
    });

    it('records an unexpected error without its message, and tries again', async () => {
      const jobs = runner();
      jobs.register('test.broken', recorder(() => new Error('secret-value-123')).handler, { maxAttempts: 1 });
      const jobId = await enqueueJob(store.db, clock, { kind: 'test.broken', payload: null });
      await jobs.runDue();
      const [attempt] = await listJobAttempts(store.db, jobId);
      assert.equal(attempt?.error, 'the handler broke (see the log)');
    });

    it('takes over a job whose runner stopped once its lease runs out, and marks that attempt abandoned', async () => {
      const jobs = runner();
      const { runs, handler } = recorder();
      jobs.register('test.orphan', handler, { leaseMs: 30_000 });
      const jobId = await enqueueJob(store.db, clock, { kind: 'test.orphan', payload: null });
      // A runner of another process claims it, then dies without a word.
      const claimed = await claimNextJobRow(store.db, {
        now: clock.now(),
        runnerId: 'a-process-that-died',
        leaseMs: new Map([['test.orphan', 30_000]]),
      });
      assert.equal(claimed?.job_id, jobId);
      await jobs.runDue();
      assert.equal(runs.length, 0, 'the lease still holds');
      clock.advance(30_000);
      await jobs.runDue();
      assert.equal(runs.length, 1);
      const attempts = await listJobAttempts(store.db, jobId);
      assert.deepEqual(
        attempts.map((a) => [a.attempt, a.runnerId, a.outcome]),
        [
          [1, 'a-process-that-died', 'abandoned'],
          [2, jobs.runnerId, 'succeeded'],
        ],
      );
    });

    it('lets a runner whose job was taken over change nothing when it finally finishes', async () => {
      let release!: () => void;
      const slowRan = new Promise<void>((resolve) => {
        release = resolve;
      });
      const slow = runner();
      slow.register('test.slow', () => slowRan, { leaseMs: 1000 });
      const quick = runner();
      const { runs, handler } = recorder(() => new JobFailure('the app answered 500', { retry: false }));
      quick.register('test.slow', handler, { leaseMs: 1000 });
      const jobId = await enqueueJob(store.db, clock, { kind: 'test.slow', payload: null });
      const slowPass = slow.runDue();
      for (let i = 0; i < 100 && (await findJob(store.db, jobId))?.status !== 'running'; i++) await sleep(5);
      clock.advance(1000);
      await quick.runDue();
      release();
      await slowPass;
      assert.equal(runs.length, 1);
      assert.equal(
        (await findJob(store.db, jobId))?.status,
        'failed',
        'the slow runner did not overwrite it',
      );
      assert.deepEqual(
        (await listJobAttempts(store.db, jobId)).map((a) => a.outcome),
        ['abandoned', 'failed'],
      );
    });

    it('runs in the background once started: woken by an enqueue, stopped by close', async () => {
      const jobs = runner({ listen: store.listen });
      const { runs, handler } = recorder();
      jobs.register('test.background', handler);
      await jobs.start();
      const jobId = await store.db
        .transaction()
        .execute((trx) => enqueueJob(trx, clock, { kind: 'test.background', payload: null }));
      for (let i = 0; i < 200 && (await findJob(store.db, jobId))?.status !== 'succeeded'; i++)
        await sleep(10);
      await jobs.close();
      assert.equal(runs.length, 1);
      assert.equal((await findJob(store.db, jobId))?.status, 'succeeded');
    });

    it('at start on a store it alone opens, runs again at once what a stopped process left running', async () => {
      const jobId = await enqueueJob(store.db, clock, { kind: 'test.restart', payload: null });
      await claimNextJobRow(store.db, {
        now: clock.now(),
        runnerId: 'the-killed-process',
        leaseMs: new Map([['test.restart', 60_000]]),
      });
      const jobs = runner({ exclusiveStore: true });
      const { runs, handler } = recorder();
      jobs.register('test.restart', handler);
      await jobs.start();
      await jobs.runDue();
      await jobs.close();
      assert.equal(runs.length, 1);
      assert.deepEqual(
        (await listJobAttempts(store.db, jobId)).map((a) => a.outcome),
        ['abandoned', 'succeeded'],
      );
    });
  });

  describe(`two runners on one ${backend.name} database`, () => {
    let stores: [Store, Store];
    before(async () => {
      stores = await backend.openPair();
    });
    after(() => stores[0].close());

    it('never run the same job twice', async () => {
      const clock = new ManualClock(new Date('2026-11-22T12:00:00Z'));
      const ran: string[] = [];
      const runners = stores.map((store) => {
        const jobs = new JobRunner({ db: store.db, clock, log: quiet, concurrency: 3 });
        jobs.register('test.shared', async ({ job }) => {
          ran.push(job.jobId);
          await sleep(2);
        });
        return jobs;
      });
      const ids: string[] = [];
      for (let i = 0; i < 40; i++)
        ids.push(await enqueueJob(stores[0].db, clock, { kind: 'test.shared', payload: i }));
      await Promise.all(runners.map((jobs) => jobs.runDue()));
      assert.equal(ran.length, ids.length);
      assert.deepEqual([...new Set(ran)].sort(), [...ids].sort());
      const attempts = await stores[1].db
        .selectFrom('job_attempts')
        .select(['runner_id', 'attempt'])
        .execute();
      assert.equal(attempts.length, ids.length);
      assert.ok(attempts.every((a) => a.attempt === 1));
    });
  });
}
