/**
 * Which apps read a person's profile, summarised per app and day. Every profile an app is shown is
 * counted in memory (a Map update: the read path never waits on the store); a background flush adds
 * the counts to the store, a reader of the counts flushes first, and closing Veil flushes what is left.
 * A crash loses at most the last few seconds of counts, never a field read (those are recorded one by
 * one, before the value leaves, by `recordFieldRead`).
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../clock/clock.ts';
import type { Database } from '../db/schema.ts';
import { addProfileReadRows, findProfileReadRows } from './profile-reads.repository.ts';
import type { ProfileReadsTable } from './profile-reads.table.ts';

/** How often counts are written to the store while Veil runs. */
const flushIntervalMs = 10_000;

export class ProfileReadCounter {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;
  #pending = new Map<string, ProfileReadsTable>();
  #flushing: Promise<void> = Promise.resolve();
  #timer: NodeJS.Timeout | null = null;

  constructor(db: Kysely<Database>, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
  }

  /** Counts one read of the account's profile by the app, on today's date (UTC, by the clock). */
  record(appKey: string, accountId: string): void {
    this.#add({
      account_id: accountId,
      app_key: appKey,
      day: this.#clock.now().toISOString().slice(0, 10),
      reads: 1,
    });
  }

  #add(counted: ProfileReadsTable): void {
    const key = `${counted.day}\n${counted.app_key}\n${counted.account_id}`;
    const row = this.#pending.get(key);
    if (row) row.reads += counted.reads;
    else this.#pending.set(key, { ...counted });
    this.#timer ??= setTimeout(() => void this.flush().catch(() => {}), flushIntervalMs).unref();
  }

  /** Writes the counts kept so far (one write at a time; a failed write keeps them for the next). */
  flush(): Promise<void> {
    this.#flushing = this.#flushing.then(
      () => this.#write(),
      () => this.#write(),
    );
    return this.#flushing;
  }

  async #write(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const rows = [...this.#pending.values()];
    this.#pending = new Map();
    try {
      await addProfileReadRows(this.#db, rows);
    } catch (error) {
      for (const row of rows) this.#add(row);
      throw error;
    }
  }

  /** The stored counts of an account, after writing this process's own. */
  async read(accountId: string) {
    await this.flush();
    return findProfileReadRows(this.#db, accountId);
  }
}
