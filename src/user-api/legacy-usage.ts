/**
 * Counts, per site and per client, the calls that still named users by username or key, so a platform
 * team knows who will break when the window closes. Counting is a Map update in memory (the read path
 * never waits on it); a background flush adds the counts to the store, and closing Veil flushes what is
 * left, so a clean shutdown loses nothing.
 */
import type { Kysely } from 'kysely';
import type { Caller } from '../auth/caller.ts';
import type { Clock } from '../clock/clock.ts';
import { CountBuffer } from '../db/count-buffer.ts';
import type { Database } from '../db/schema.ts';
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

const keyOf = (row: LegacyUsageRow) =>
  `${row.site_id}\n${row.client_kind}\n${row.client_id}\n${row.operation}`;

/** Adds the counts of `from` into `into`, widening the range seen. */
function mergeUsage(into: LegacyUsageRow, from: LegacyUsageRow): void {
  into.calls += from.calls;
  into.refused_calls += from.refused_calls;
  if (from.first_seen < into.first_seen) into.first_seen = from.first_seen;
  if (from.last_seen > into.last_seen) into.last_seen = from.last_seen;
  into.account_id ??= from.account_id;
}

export class LegacyUsageRecorder {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;
  readonly #counts: CountBuffer<LegacyUsageRow>;

  constructor(db: Kysely<Database>, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
    this.#counts = new CountBuffer<LegacyUsageRow>({
      keyOf,
      merge: mergeUsage,
      write: (rows) => addLegacyUsageRows(db, rows),
      flushIntervalMs,
    });
  }

  /** Counts one call of `operation` on the site; `refused` when the legacy identifiers were refused. */
  record(siteId: string, client: LegacyClient, operation: string, refused: boolean): void {
    const now = this.#clock.now();
    this.#counts.add({
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

  /** Writes the counts kept so far to the store (one at a time; a failed write keeps them for the next). */
  flush(): Promise<void> {
    return this.#counts.flush();
  }

  /** The stored counts of a site, after writing this process's own. */
  async read(siteId: string): Promise<LegacyUsageRow[]> {
    await this.flush();
    return findLegacyUsageRows(this.#db, siteId);
  }
}
