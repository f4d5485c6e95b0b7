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
import type { ProfileReadsTable } from '../db/tables/profile-reads.table.ts';
import { addProfileReadRows, findProfileReadRows } from './profile-reads.repository.ts';

const dayMs = 24 * 60 * 60 * 1000;

export class ProfileReadCounter {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;
  readonly #counts: CountBuffer<ProfileReadsTable>;
  /** The day of the last read, and its `YYYY-MM-DD`: formatting a date costs more than the rest of a count. */
  #dayNumber = Number.NaN;
  #day = '';

  constructor(db: Kysely<Database>, clock: Clock, flushIntervalMs = 10_000) {
    this.#db = db;
    this.#clock = clock;
    this.#counts = new CountBuffer<ProfileReadsTable>({
      keyOf: (row) => `${row.day}\n${row.app_key}\n${row.account_id}`,
      merge: (into, from) => {
        into.reads += from.reads;
      },
      write: (rows) => addProfileReadRows(db, rows),
      flushIntervalMs,
    });
  }

  /** Counts one read of the account's profile by the app, on today's date (UTC, by the clock). */
  record(appKey: string, accountId: string): void {
    this.#counts.add({ account_id: accountId, app_key: appKey, day: this.#today(), reads: 1 });
  }

  #today(): string {
    const dayNumber = Math.floor(this.#clock.now().getTime() / dayMs);
    if (dayNumber !== this.#dayNumber) {
      this.#dayNumber = dayNumber;
      this.#day = new Date(dayNumber * dayMs).toISOString().slice(0, 10);
    }
    return this.#day;
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
