import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Store } from '../db/store.ts';

export const changeChannel = 'veil_changes';

/** The keys named on the change channel since they were last applied. */
export interface PendingChanges {
  readonly organizations: string[];
  readonly sites: string[];
  readonly accounts: string[];
}

/** What the follower does with what it hears: apply the changes named, or reload everything. */
export interface ChangeHandlers {
  readonly apply: (changes: PendingChanges) => Promise<void>;
  readonly reloadEverything: () => Promise<void>;
}

/**
 * Follows the change channel (LISTEN/NOTIFY) for the directory: gathers the keys named, applies them one
 * batch at a time, and answers `sync()` once every change committed before it has been applied.
 */
export class ChangeFollower {
  readonly #db: Kysely<Database>;
  readonly #handlers: ChangeHandlers;
  readonly #pending = {
    accounts: new Set<string>(),
    organizations: new Set<string>(),
    sites: new Set<string>(),
  };
  readonly #barriers = new Map<string, () => void>();
  #applying: Promise<void> = Promise.resolve();
  #unlisten: (() => Promise<void>) | null = null;

  constructor(db: Kysely<Database>, handlers: ChangeHandlers) {
    this.#db = db;
    this.#handlers = handlers;
  }

  /** Starts listening on the change channel. */
  async listen(listen: Store['listen']): Promise<void> {
    this.#unlisten = await listen(changeChannel, (payload) => this.#onChange(payload));
  }

  async close(): Promise<void> {
    await this.#unlisten?.();
  }

  /** Returns once every change committed before the call has been applied. */
  async sync(): Promise<void> {
    const token = randomUUID();
    const arrived = new Promise<void>((resolve) => this.#barriers.set(token, resolve));
    await sql`select pg_notify(${changeChannel}, ${`sync:${token}`})`.execute(this.#db);
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 2000).unref());
    if ((await Promise.race([arrived, timeout])) === 'timeout') {
      this.#barriers.delete(token);
      await this.#queue(() => this.#handlers.reloadEverything());
    }
  }

  #onChange(payload: string): void {
    const colon = payload.indexOf(':');
    const kind = payload.slice(0, colon);
    const key = payload.slice(colon + 1);
    if (kind === 'account') this.#pending.accounts.add(key);
    else if (kind === 'organization') this.#pending.organizations.add(key);
    else if (kind === 'site') this.#pending.sites.add(key);
    if (kind === 'sync') {
      const release = this.#barriers.get(key);
      this.#barriers.delete(key);
      void this.#queue(() => this.#applyPending()).then(release);
      return;
    }
    setImmediate(() => void this.#queue(() => this.#applyPending()));
  }

  #queue(work: () => Promise<void>): Promise<void> {
    this.#applying = this.#applying.then(work, work);
    return this.#applying;
  }

  #applyPending(): Promise<void> {
    const changes: PendingChanges = {
      organizations: [...this.#pending.organizations],
      sites: [...this.#pending.sites],
      accounts: [...this.#pending.accounts],
    };
    this.#pending.organizations.clear();
    this.#pending.sites.clear();
    this.#pending.accounts.clear();
    return this.#handlers.apply(changes);
  }
}
