/**
 * Counts, per site and per client, the calls that still named users by username or key, so a platform
 * team knows who will break when the window closes. Counting is a Map update in memory (the read path
 * never waits on it); a background flush adds the counts to the store, and closing Veil flushes what is
 * left, so a clean shutdown loses nothing.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../clock/clock.ts';
import type { Database } from '../db/schema.ts';
import type { Caller } from '../http/caller.ts';
import { addLegacyUsageRows, findLegacyUsageRows, type LegacyUsageRow } from './legacy-usage.repository.ts';

/** Who made a call, as the counts tell clients apart: an API token, a session, an app, or nobody. */
export interface LegacyClient {
  readonly kind: LegacyUsageRow['client_kind'];
  readonly id: string;
  readonly accountId: string | null;
}

/** The client a caller is counted as. */
export function legacyClientOf(caller: Caller): LegacyClient {
  switch (caller.kind) {
    case 'anonymous':
      return { kind: 'anonymous', id: '', accountId: null };
    case 'app':
      return { kind: 'app', id: caller.appKey, accountId: caller.account.accountId };
    case 'person': {
      const { accountId } = caller.account;
      if (caller.credential?.kind === 'api-token')
        return { kind: 'api-token', id: caller.credential.tokenId, accountId };
      return { kind: 'session', id: accountId, accountId };
    }
  }
}

/** How often counts are written to the store while Veil runs. */
const flushIntervalMs = 5_000;

export class LegacyUsageRecorder {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;
  #pending = new Map<string, LegacyUsageRow>();
  #flushing: Promise<void> = Promise.resolve();
  #timer: NodeJS.Timeout | null = null;

  constructor(db: Kysely<Database>, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
  }

  /** Counts one call of `operation` on the site; `refused` when the legacy identifiers were refused. */
  record(siteId: string, client: LegacyClient, operation: string, refused: boolean): void {
    const key = `${siteId}\n${client.kind}\n${client.id}\n${operation}`;
    const now = this.#clock.now();
    const row = this.#pending.get(key);
    if (row) {
      row.calls += 1;
      if (refused) row.refused_calls += 1;
      row.last_seen = now;
    } else {
      this.#pending.set(key, {
        site_id: siteId,
        client_kind: client.kind,
        client_id: client.id,
        account_id: client.accountId,
        operation,
        calls: 1,
        refused_calls: refused ? 1 : 0,
        first_seen: now,
        last_seen: now,
      });
    }
    this.#schedule();
  }

  // A failed background write keeps its counts for the next one; only a reader sees the error.
  #schedule(): void {
    this.#timer ??= setTimeout(() => void this.flush().catch(() => {}), flushIntervalMs).unref();
  }

  /** Writes the counts kept so far to the store (one at a time; a failed write keeps them for the next). */
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
    if (rows.length === 0) return;
    try {
      await addLegacyUsageRows(this.#db, rows);
    } catch (error) {
      for (const row of rows) this.#putBack(row);
      throw error;
    }
  }

  #putBack(row: LegacyUsageRow): void {
    const key = `${row.site_id}\n${row.client_kind}\n${row.client_id}\n${row.operation}`;
    const newer = this.#pending.get(key);
    if (!newer) this.#pending.set(key, row);
    else {
      newer.calls += row.calls;
      newer.refused_calls += row.refused_calls;
      newer.first_seen = row.first_seen;
    }
    this.#schedule();
  }

  /** The stored counts of a site, after writing this process's own. */
  async read(siteId: string): Promise<LegacyUsageRow[]> {
    await this.flush();
    return findLegacyUsageRows(this.#db, siteId);
  }
}
