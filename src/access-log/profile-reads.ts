/**
 * Which apps read a person's profile, summarised per app and day. Every profile an app is shown is
 * counted in memory (the read path never waits on the store) and added to the store in batches: every
 * 10 seconds, before the counts are read, and when Veil stops. A crash loses at most those seconds of
 * counts, never a field read (those are recorded one by one, before the value leaves, by
 * `recordFieldRead`).
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../clock/clock.ts';
import { CountBuffer } from '../db/count-buffer.ts';
import type { Database } from '../db/schema.ts';
import { addProfileReadRows, findProfileReadRows } from './profile-reads.repository.ts';
import type { ProfileReadsTable } from './profile-reads.table.ts';

export class ProfileReadCounter {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;
  readonly #counts: CountBuffer<ProfileReadsTable>;

  constructor(db: Kysely<Database>, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
    this.#counts = new CountBuffer<ProfileReadsTable>({
      keyOf: (row) => `${row.day}\n${row.app_key}\n${row.account_id}`,
      merge: (into, from) => {
        into.reads += from.reads;
      },
      write: (rows) => addProfileReadRows(db, rows),
      flushIntervalMs: 10_000,
    });
  }

  /** Counts one read of the account's profile by the app, on today's date (UTC, by the clock). */
  record(appKey: string, accountId: string): void {
    const day = this.#clock.now().toISOString().slice(0, 10);
    this.#counts.add({ account_id: accountId, app_key: appKey, day, reads: 1 });
  }

  /** Writes the counts kept so far. */
  flush(): Promise<void> {
    return this.#counts.flush();
  }

  /** The stored counts of an account, after writing this process's own. */
  async read(accountId: string) {
    await this.flush();
    return findProfileReadRows(this.#db, accountId);
  }
}
