/**
 * When each API token was last used. A Basic-authenticated request is answered from memory, so noting
 * the use is a Map update on that path; the newest use per token is written in batches: every 10
 * seconds, before tokens are listed, and when Veil stops. A crash loses at most those seconds.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../clock/clock.ts';
import { CountBuffer } from '../db/count-buffer.ts';
import type { Database } from '../db/schema.ts';
import { type TokenUseRow, updateTokenLastUsedRows } from './credentials.repository.ts';

export class TokenUseRecorder {
  readonly #clock: Clock;
  readonly #uses: CountBuffer<TokenUseRow>;

  constructor(db: Kysely<Database>, clock: Clock, flushIntervalMs = 10_000) {
    this.#clock = clock;
    this.#uses = new CountBuffer<TokenUseRow>({
      keyOf: (row) => row.token_id,
      merge: (into, from) => {
        if (from.last_used_at > into.last_used_at) into.last_used_at = from.last_used_at;
      },
      write: (rows) => updateTokenLastUsedRows(db, rows),
      flushIntervalMs,
    });
  }

  /** Notes a use of the token now (by the clock). */
  record(tokenId: string): void {
    this.#uses.add({ token_id: tokenId, last_used_at: this.#clock.now() });
  }

  /** Writes the uses noted so far. */
  flush(): Promise<void> {
    return this.#uses.flush();
  }
}
