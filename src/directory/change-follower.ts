import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Store } from '../db/store.ts';
import {
  beat,
  countNodesBehind,
  leave,
  logWriters,
  newestSeq,
  pruneLog,
  readLog,
} from './change-log.repository.ts';
import {
  advance,
  appliedThrough,
  type ChangeRow,
  hasOpen,
  jumpTo,
  type LogPosition,
  needsWriters,
  noteWriters,
  startPosition,
  tooFarBehind,
} from './change-position.ts';

/** The channel whose NOTIFY wakes the followers (its payload says nothing: the log does). */
export const changeChannel = 'veil_changes';

/** The keys the change log named since they were last applied. */
export interface PendingChanges {
  readonly organizations: string[];
  readonly sites: string[];
  readonly accounts: string[];
}

/** What the follower does with what it reads: apply the changes named, or reload everything. */
export interface ChangeHandlers {
  readonly apply: (changes: PendingChanges) => Promise<void>;
  /** Forget every cached account and reload the replicated data. */
  readonly reloadEverything: () => Promise<void>;
}

/** How a follower follows; every field has a default (see `followDefaults`). */
export interface FollowOptions {
  /** How often the log is read when no NOTIFY wakes the follower. */
  readonly pollMs?: number;
  /** Whether NOTIFY wakes it (off: polling only, as behind a transaction-pooling proxy). */
  readonly listen?: boolean;
  /** How many changes behind the follower drops its cache and jumps to the newest. */
  readonly backlogLimit?: number;
  /** How old the last good read may be before `isCurrent()` is false; how long a heartbeat counts. */
  readonly leaseMs?: number;
  /** How long the log keeps a change. */
  readonly retentionMs?: number;
  /** At most this many rows per read (and per batch applied). */
  readonly batchSize?: number;
}

const followDefaults = {
  pollMs: 200,
  listen: true,
  backlogLimit: 10_000,
  leaseMs: 2000,
  retentionMs: 24 * 60 * 60 * 1000,
  batchSize: 1000,
};
const heartbeatMs = 500;
const pruneEveryMs = 60_000;

/** A `sync()` waiting for a read that started after it to be applied. */
interface Waiter {
  readonly after: number;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Follows the change log for the directory: reads it from its position every `pollMs` and whenever a
 * NOTIFY wakes it, applies what changed in batches, drops everything when too far behind, and says
 * where it stands in `veil_nodes`. The log makes it correct without NOTIFY (see change-position.ts).
 */
export class ChangeFollower {
  readonly #db: Kysely<Database>;
  readonly #handlers: ChangeHandlers;
  readonly #options: typeof followDefaults;
  readonly #nodeId = randomUUID();
  #position: LogPosition = startPosition;
  /** Reads started, and the waiters of `sync()` by the read count at their call. */
  #started = 0;
  #waiters: Waiter[] = [];
  #lastRead = 0;
  #lastBeat = { at: 0, position: -1 };
  #lastPrune = 0;
  #wake: (() => void) | null = null;
  #woken = false;
  #closed = false;
  #loop: Promise<void> = Promise.resolve();
  #heartbeat: NodeJS.Timeout | null = null;
  #unlisten: (() => Promise<void>) | null = null;

  constructor(db: Kysely<Database>, handlers: ChangeHandlers, options: FollowOptions = {}) {
    this.#db = db;
    this.#handlers = handlers;
    const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
    this.#options = { ...followDefaults, ...given };
  }

  /** This process's id in `veil_nodes`. */
  get nodeId(): string {
    return this.#nodeId;
  }

  /** Everything applied up to this seq. */
  get position(): number {
    return appliedThrough(this.#position);
  }

  /**
   * Listens (unless told not to), jumps to the newest position and reloads everything as of then, and
   * follows from there in the background.
   */
  async start(listen?: Store['listen']): Promise<void> {
    if (this.#options.listen && listen) this.#unlisten = await listen(changeChannel, () => this.wake());
    await this.#readOnce(true);
    this.#loop = this.#follow();
    this.#heartbeat = setInterval(() => void this.#beat().catch(() => {}), heartbeatMs);
    this.#heartbeat.unref();
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.wake();
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    await this.#unlisten?.();
    await this.#loop;
    for (const waiter of this.#waiters.splice(0)) waiter.resolve();
    await leave(this.#db, this.#nodeId).catch(() => {});
  }

  /** Reads the log now (a NOTIFY arrived, or someone waits). */
  wake(): void {
    this.#woken = true;
    this.#wake?.();
  }

  /** Returns once a read of the log that started after the call has been applied (read-your-own-writes). */
  sync(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    const arrived = new Promise<void>((resolve, reject) => {
      this.#waiters.push({ after: this.#started, resolve, reject });
    });
    this.wake();
    return arrived;
  }

  /**
   * Whether the last read that reached the end of the log is recent enough (within the lease) to serve
   * from what was applied; false before the first, after close, and while the store does not answer.
   */
  isCurrent(): boolean {
    return !this.#closed && Date.now() - this.#lastRead < this.#options.leaseMs;
  }

  /** The highest seq in the log now: what `waitForNodes` waits for after a write. */
  newestSeq(): Promise<number> {
    return newestSeq(this.#db);
  }

  /**
   * Resolves true once every other node seen within the lease has applied the log through `seq`, or
   * false after `timeoutMs` (a node that stops saying where it stands drops out after the lease).
   */
  async waitForNodes(seq: number, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if ((await countNodesBehind(this.#db, this.#nodeId, seq, this.#options.leaseMs)) === 0) return true;
      if (Date.now() >= deadline) return false;
      await sleep(Math.min(50, this.#options.pollMs));
    }
  }

  async #follow(): Promise<void> {
    while (!this.#closed) {
      const more = await this.#readOnce(false).catch((error: unknown) => {
        this.#fail(error);
        return false;
      });
      if (!more) await this.#pause();
    }
  }

  /** Waits `pollMs`, or less if woken meanwhile. */
  async #pause(): Promise<void> {
    if (this.#woken || this.#closed) {
      this.#woken = false;
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, this.#options.pollMs);
      timer.unref();
      this.#wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.#wake = null;
    this.#woken = false;
  }

  /** One read, applied; true when the read stopped at its limit (read again at once). */
  async #readOnce(jump: boolean): Promise<boolean> {
    const number = ++this.#started;
    // Before the read's snapshot: a writer gone by then has its row in the read if it committed.
    const writers = hasOpen(this.#position) ? new Set(await logWriters(this.#db)) : null;
    const read = await readLog(this.#db, this.#position, this.#options.batchSize, writers);
    if (jump || tooFarBehind(this.#position, read, this.#options.backlogLimit)) {
      await this.#handlers.reloadEverything();
      this.#position = await this.#stamped(jumpTo(this.#position, read));
      this.#done(number, false);
      return false;
    }
    const next = advance(this.#position, read);
    if (next.rows.length > 0) await this.#handlers.apply(batchOf(next.rows));
    this.#position = await this.#stamped(next.position);
    this.#done(number, read.full);
    await this.#afterRead();
    return read.full;
  }

  /** `position` with the writers of its new gaps (or window) noted, now: after the read. */
  async #stamped(position: LogPosition): Promise<LogPosition> {
    return needsWriters(position) ? noteWriters(position, await logWriters(this.#db)) : position;
  }

  /** A read applied: the waiters it answers (those that called before it started) go on. */
  #done(number: number, full: boolean): void {
    // A read that stopped at its limit left changes unread: not yet current.
    if (full) return;
    this.#lastRead = Date.now();
    const answered = this.#waiters.filter((waiter) => waiter.after < number);
    this.#waiters = this.#waiters.filter((waiter) => waiter.after >= number);
    for (const waiter of answered) waiter.resolve();
  }

  /** A read failed: the store is away or a reload failed; whoever waits for it hears why. */
  #fail(error: unknown): void {
    const failed = this.#waiters.filter((waiter) => waiter.after < this.#started);
    this.#waiters = this.#waiters.filter((waiter) => waiter.after >= this.#started);
    for (const waiter of failed) waiter.reject(error);
  }

  async #afterRead(): Promise<void> {
    await this.#beat();
    if (Date.now() - this.#lastPrune >= pruneEveryMs) {
      this.#lastPrune = Date.now();
      await pruneLog(this.#db, this.#options.retentionMs);
    }
  }

  /** Says where this node stands: at most every 500 ms, and at least every second while current. */
  async #beat(): Promise<void> {
    const now = Date.now();
    const position = this.position;
    const since = now - this.#lastBeat.at;
    if (this.#closed || !this.isCurrent() || since < heartbeatMs) return;
    if (position === this.#lastBeat.position && since < 2 * heartbeatMs) return;
    this.#lastBeat = { at: now, position };
    await beat(this.#db, this.#nodeId, position);
  }
}

/** The keys of `rows`, each once, by kind. */
function batchOf(rows: readonly ChangeRow[]): PendingChanges {
  const keys = { account: new Set<string>(), organization: new Set<string>(), site: new Set<string>() };
  for (const row of rows) keys[row.kind as keyof typeof keys]?.add(row.key);
  return {
    organizations: [...keys.organization],
    sites: [...keys.site],
    accounts: [...keys.account],
  };
}
