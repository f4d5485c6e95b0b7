/**
 * The directory's bounded cache of accounts: the stored entries (with the views decided from them) of
 * the accounts being read, least recently read evicted first, bounded by a count and by estimated bytes;
 * and a bounded set of accountIds known not to exist. Misses load through the loader given, one query
 * for a batch; concurrent misses of one id share one load; a load that raced a change of its account is
 * handed to those who asked but never kept.
 */
import type { DirectoryEntry, StoredEntry } from './directory-entries.ts';

/** How much the cache may hold. */
export interface CacheLimits {
  readonly entries: number;
  readonly bytes: number;
  /** How many unknown accountIds are remembered as such. */
  readonly unknownIds: number;
}

/** What the cache holds and how it has been used, for the benchmark and the docs. */
export interface CacheStats {
  readonly entries: number;
  readonly bytes: number;
  readonly hits: number;
  readonly misses: number;
  readonly unknownIds: number;
}

/** Loads the entries of the accounts named, in one query (the absent ones are not in the map). */
export type EntryLoader = (accountIds: readonly string[]) => Promise<Map<string, StoredEntry>>;

interface Cached {
  readonly entry: StoredEntry;
  /** Made once, so that a hit hands out the same settled promise and allocates nothing. */
  readonly found: Promise<StoredEntry>;
  readonly bytes: number;
}

/** A load under way for one accountId; `stale` once a change named the account while it ran. */
interface Flight {
  stale: boolean;
  promise: Promise<StoredEntry | undefined>;
}

const notFound: Promise<undefined> = Promise.resolve(undefined);

export class AccountCache {
  readonly #limits: CacheLimits;
  readonly #load: EntryLoader;
  /** Whether the cache may serve and keep what it loads (false: read through to the store). */
  readonly #current: () => boolean;
  /** In order of use: the first is the least recently read. */
  readonly #held = new Map<string, Cached>();
  /** AccountIds the store did not have, oldest first. */
  readonly #unknown = new Set<string>();
  readonly #flights = new Map<string, Flight>();
  #bytes = 0;
  #hits = 0;
  #misses = 0;

  constructor(limits: CacheLimits, load: EntryLoader, current: () => boolean) {
    this.#limits = limits;
    this.#load = load;
    this.#current = current;
  }

  /** The entry of the account (undefined: no such account), from the cache or loaded. */
  get(accountId: string): Promise<StoredEntry | undefined> {
    if (this.#current()) {
      const cached = this.#held.get(accountId);
      if (cached !== undefined) {
        this.#hits++;
        this.#held.delete(accountId);
        this.#held.set(accountId, cached);
        return cached.found;
      }
      if (this.#unknown.has(accountId)) {
        this.#hits++;
        return notFound;
      }
    }
    return this.#loadMissing([accountId])[0] as Promise<StoredEntry | undefined>;
  }

  /** The entries of the accounts named that exist, misses loaded together in one query. */
  async getMany(accountIds: readonly string[]): Promise<Map<string, StoredEntry>> {
    const found = new Map<string, StoredEntry>();
    const missing: string[] = [];
    const current = this.#current();
    for (const id of new Set(accountIds)) {
      const cached = current ? this.#held.get(id) : undefined;
      if (cached !== undefined) {
        this.#hits++;
        this.#held.delete(id);
        this.#held.set(id, cached);
        found.set(id, cached.entry);
      } else if (current && this.#unknown.has(id)) this.#hits++;
      else missing.push(id);
    }
    const loaded = await Promise.all(this.#loadMissing(missing));
    for (const entry of loaded) if (entry) found.set(entry.account.accountId, entry);
    return found;
  }

  /** Forgets the accounts a change named (and makes loads of them under way stale). */
  forget(accountIds: Iterable<string>): void {
    for (const id of accountIds) {
      this.#drop(id);
      this.#unknown.delete(id);
      const flight = this.#flights.get(id);
      if (flight) flight.stale = true;
      this.#flights.delete(id);
    }
  }

  /** Forgets the cached accounts `matches` picks (an organization's change moves whole domains). */
  forgetWhere(matches: (entry: DirectoryEntry) => boolean): void {
    const named: string[] = [];
    for (const [id, cached] of this.#held) if (matches(cached.entry)) named.push(id);
    this.forget(named);
    // A load under way may have read management before the change: it is not kept.
    this.forget([...this.#flights.keys()]);
  }

  /** Forgets everything. */
  clear(): void {
    this.forget([...this.#flights.keys()]);
    this.#held.clear();
    this.#unknown.clear();
    this.#bytes = 0;
  }

  stats(): CacheStats {
    const entries = this.#held.size;
    return {
      entries,
      bytes: this.#bytes,
      hits: this.#hits,
      misses: this.#misses,
      unknownIds: this.#unknown.size,
    };
  }

  /** One promise per id: a load under way is joined, the rest are loaded together in one query. */
  #loadMissing(accountIds: readonly string[]): Promise<StoredEntry | undefined>[] {
    if (accountIds.length === 0) return [];
    if (!this.#current()) {
      // Behind the store: read through, share nothing, keep nothing.
      this.#misses += accountIds.length;
      const batch = this.#load(accountIds);
      return accountIds.map((id) => batch.then((loaded) => loaded.get(id)));
    }
    const toLoad = accountIds.filter((id) => !this.#flights.has(id));
    if (toLoad.length > 0) {
      this.#misses += toLoad.length;
      const batch = this.#load(toLoad);
      for (const id of toLoad) {
        const flight: Flight = { stale: false, promise: notFound };
        flight.promise = batch.then(
          (loaded) => this.#land(id, flight, loaded.get(id)),
          (error: unknown) => {
            if (this.#flights.get(id) === flight) this.#flights.delete(id);
            throw error;
          },
        );
        this.#flights.set(id, flight);
      }
    }
    return accountIds.map((id) => (this.#flights.get(id) as Flight).promise);
  }

  /** What a load found for one id: kept unless a change named the account meanwhile. */
  #land(accountId: string, flight: Flight, entry: StoredEntry | undefined): StoredEntry | undefined {
    if (this.#flights.get(accountId) === flight) this.#flights.delete(accountId);
    if (flight.stale || !this.#current()) return entry;
    if (entry) this.#keep(accountId, entry);
    else this.#remember(accountId);
    return entry;
  }

  #keep(accountId: string, entry: StoredEntry): void {
    this.#drop(accountId);
    const bytes = estimateEntryBytes(entry);
    this.#held.set(accountId, { entry, found: Promise.resolve(entry), bytes });
    this.#bytes += bytes;
    while (
      this.#held.size > this.#limits.entries ||
      (this.#bytes > this.#limits.bytes && this.#held.size > 1)
    ) {
      const oldest = this.#held.keys().next().value as string;
      this.#drop(oldest);
    }
  }

  #remember(accountId: string): void {
    this.#unknown.add(accountId);
    if (this.#unknown.size > this.#limits.unknownIds) {
      this.#unknown.delete(this.#unknown.values().next().value as string);
    }
  }

  #drop(accountId: string): void {
    const cached = this.#held.get(accountId);
    if (!cached) return;
    this.#held.delete(accountId);
    this.#bytes -= cached.bytes;
  }
}

/** What every entry costs besides its strings: the objects, maps and arrays, and the views decided from it. */
const entryOverheadBytes = 1_200;
/** A visibility setting, a token, a site link or an administered id, besides its strings. */
const itemOverheadBytes = 64;

/**
 * A cheap estimate of an entry's heap size, worked out once when it is kept: two bytes per character of
 * its strings (the profile twice over: the views decided from it repeat most of it), a fixed cost per
 * entry, and one per setting, token, site link and administered id.
 */
export function estimateEntryBytes(entry: DirectoryEntry): number {
  const { account } = entry;
  let chars = account.accountId.length + (entry.emailDomain?.length ?? 0);
  for (const value of Object.values(account.profile))
    if (typeof value === 'string') chars += 2 * value.length;
  let items = Object.keys(account.settings).length + entry.administeredOrganizationIds.length;
  items += entry.administeredSiteIds.length + entry.links.size;
  for (const token of entry.tokens) chars += token.hash.length + token.id.length;
  items += entry.tokens.length;
  for (const [siteId, link] of entry.links) {
    chars += siteId.length + (link.username?.length ?? 0) + (link.userKey?.length ?? 0);
    items += link.products.length + link.groups.length;
  }
  return entryOverheadBytes + 2 * chars + itemOverheadBytes * items;
}

/** What a node keeps unless told otherwise (`--cache-entries`, `--cache-mb`): fits a small container. */
export const defaultCacheLimits: CacheLimits = Object.freeze({
  entries: 100_000,
  bytes: 256 * 1024 * 1024,
  unknownIds: 10_000,
});
