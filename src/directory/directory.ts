import type { Kysely } from 'kysely';
import type { Account } from '../accounts/accounts.model.ts';
import type { Database } from '../db/schema.ts';
import type { Store } from '../db/store.ts';
import type { Site } from '../sites/sites.model.ts';
import { getSite } from '../sites/sites.service.ts';
import type { AccountStatus, ProfileView, Viewer } from '../visibility/visibility.ts';
import { statusOnSite } from '../visibility/visibility.ts';
import { AccountCache, type CacheLimits, type CacheStats, defaultCacheLimits } from './account-cache.ts';
import { ChangeFollower, type FollowOptions, type PendingChanges } from './change-follower.ts';
import { decidedForViewer, subjectOfStored } from './decided-views.ts';
import { loadAccountData, loadOrganizationData, loadSiteIds } from './directory.repository.ts';
import {
  buildEntries,
  type DecidedView,
  type DirectoryEntry,
  type StoredEntry,
  storedEntry,
} from './directory-entries.ts';
import type { TokenOwner } from './lookups.repository.ts';
import { NameLookups } from './name-lookups.ts';
import { OrganizationIndex } from './organization-index.ts';
import { SearchIndexer } from './search-indexer.ts';
import { SiteIndex } from './site-index.ts';

export type { CacheLimits, CacheStats } from './account-cache.ts';
export { defaultCacheLimits } from './account-cache.ts';
export { changeChannel } from './change-follower.ts';
export type { DirectoryEntry } from './directory-entries.ts';

/**
 * The read model: a bounded cache of the accounts being read (loaded on a miss, one query each), and
 * the small data every request needs (sites, organizations and their domains) held whole. It follows
 * the store through the change channel: a change drops what it names (reloaded on the next read), and
 * `sync()` is a barrier that returns once every change committed before it has been applied.
 */
export class Directory {
  readonly #db: Kysely<Database>;
  readonly #organizations = new OrganizationIndex();
  readonly #sites = new SiteIndex();
  readonly #cache: AccountCache;
  readonly #lookups: NameLookups;
  /** Keeps the search tables up to date (search-indexer.ts): woken by every change, waited for by `sync`. */
  readonly #search: SearchIndexer;
  readonly #changes: ChangeFollower;
  #version = 0;

  private constructor(db: Kysely<Database>, limits: CacheLimits, follow: FollowOptions) {
    this.#db = db;
    this.#cache = new AccountCache(
      limits,
      (ids) => this.#loadEntries(ids),
      () => this.isCurrent(),
    );
    this.#lookups = new NameLookups(db, (accountId) => this.#cache.get(accountId));
    this.#search = new SearchIndexer(db);
    const apply = (changes: PendingChanges) => this.#applyChanges(changes);
    this.#changes = new ChangeFollower(
      db,
      { apply, reloadEverything: () => this.#reloadEverything() },
      follow,
    );
  }

  /**
   * Loads the sites and organizations and starts following the change log (`follow`: poll interval,
   * LISTEN or not); accounts load when read.
   */
  static async open(
    db: Kysely<Database>,
    listen: Store['listen'],
    options: { readonly cache?: CacheLimits; readonly follow?: FollowOptions } = {},
  ): Promise<Directory> {
    const directory = new Directory(db, options.cache ?? defaultCacheLimits, options.follow ?? {});
    // Takes its position, then reloads everything as of it (reloadEverything), then follows.
    await directory.#changes.start(listen);
    await directory.#search.catchUpAtStart();
    return directory;
  }

  async close(): Promise<void> {
    await this.#changes.close();
    await this.#search.close();
  }

  /** Returns once every change committed before the call is visible here, and in search. */
  async sync(): Promise<void> {
    await this.#changes.sync();
    await this.#search.sync();
  }

  /** The store the directory reads (search queries it directly). */
  get db(): Kysely<Database> {
    return this.#db;
  }

  /**
   * Grows whenever the directory applies a change; what is worked out from the directory (a signed-in
   * caller, say) may be kept for as long as this stays the same.
   */
  get version(): number {
    return this.#version;
  }

  /** What the account cache holds and how often it answered. */
  cacheStats(): CacheStats {
    return this.#cache.stats();
  }

  /** False when this node has not read the change log within its lease: its cache may be stale. */
  isCurrent(): boolean {
    return this.#changes.isCurrent();
  }

  /**
   * After a write that withdraws a person: applied here (search included), then every live node has
   * applied it (false if one had not in time).
   */
  async settleEverywhere(timeoutMs = 5000): Promise<boolean> {
    const seq = await this.#changes.newestSeq();
    await this.sync();
    return this.#changes.waitForNodes(seq, timeoutMs);
  }

  async #applyChanges({ organizations, sites, accounts }: PendingChanges): Promise<void> {
    this.#search.wake();
    if (accounts.length > 0) {
      this.#cache.forget(accounts);
      this.#version++;
    }
    if (organizations.length > 0) await this.#reloadOrganizations(organizations);
    for (const siteId of sites) await this.#reloadSite(siteId);
    this.#version++;
  }

  async #reloadEverything(): Promise<void> {
    this.#cache.clear();
    this.#lookups.clear();
    this.#version++;
    await this.#reloadOrganizations(null);
    for (const siteId of await loadSiteIds(this.#db)) await this.#reloadSite(siteId);
    this.#version++;
  }

  async #reloadOrganizations(ids: string[] | null): Promise<void> {
    const touched = this.#organizations.replace(ids, await loadOrganizationData(this.#db, ids));
    // Management moves with the domains: their accounts are loaded again when next read.
    this.#cache.forgetWhere((entry) => entry.emailDomain !== null && touched.has(entry.emailDomain));
    this.#version++;
  }

  async #reloadSite(siteId: string): Promise<void> {
    this.#sites.remove(siteId);
    this.#version++;
    const site = await getSite(this.#db, siteId).catch(() => undefined);
    if (!site) return;
    this.#sites.add(siteId, site);
    this.#version++;
  }

  /** The entries of the accounts named, in one query, managed as the organizations held now say. */
  async #loadEntries(ids: readonly string[]): Promise<Map<string, StoredEntry>> {
    const loaded = new Map<string, StoredEntry>();
    const data = await loadAccountData(this.#db, ids);
    for (const fields of data ? buildEntries(data) : []) {
      const account = this.#withManagement(fields.account, fields.emailDomain);
      loaded.set(account.accountId, storedEntry({ ...fields, account }));
    }
    return loaded;
  }

  #withManagement(account: Account, emailDomain: string | null): Account {
    const managing =
      account.accountType === 'atlassian' && emailDomain
        ? (this.#organizations.ownerOf(emailDomain) ?? null)
        : null;
    return managing === account.managingOrganizationId
      ? account
      : { ...account, managingOrganizationId: managing };
  }

  // ---- reads ----

  /** The account's entry (undefined: no such account), from the cache or loaded in one query. */
  entry(accountId: string): Promise<DirectoryEntry | undefined> {
    return this.#cache.get(accountId);
  }

  /** The entries of the accounts named that exist (by accountId), the ones not cached loaded in one query. */
  entries(accountIds: readonly string[]): Promise<Map<string, DirectoryEntry>> {
    return this.#cache.getMany(accountIds);
  }

  async account(accountId: string): Promise<Account | undefined> {
    return (await this.#cache.get(accountId))?.account;
  }

  /**
   * The account as `viewer` may see it, through the one decision (kept per relation), on the site it is
   * shown on (which decides only its status there; `null`: no site).
   */
  viewOf(entry: DirectoryEntry, viewer: Viewer, siteId: string | null = null): ProfileView {
    return decidedForViewer(entry as StoredEntry, viewer, siteId).view;
  }

  /** The account's status on a site (or its own, for `null`), as the one decision has it: who may sign in there. */
  statusOn(entry: DirectoryEntry, siteId: string | null): AccountStatus {
    return statusOnSite(subjectOfStored(entry as StoredEntry), siteId);
  }

  /**
   * The view of the account for `viewer` (on `siteId`, as `viewOf`), with the words it can be found by
   * (from the view, so hidden fields are not among them) and the key searches order it by.
   */
  decidedFor(entry: DirectoryEntry, viewer: Viewer, siteId: string | null = null): DecidedView {
    return decidedForViewer(entry as StoredEntry, viewer, siteId);
  }

  /** The API token with this hash: whose it is and its id (for usage counts). */
  token(tokenHash: string): Promise<TokenOwner | undefined> {
    return this.#lookups.token(tokenHash);
  }

  /** The account that has this legacy username on the site (usernames match case-insensitively). */
  accountIdForUsername(siteId: string, username: string): Promise<string | undefined> {
    return this.#lookups.accountIdForUsername(siteId, username);
  }

  /** The account that has this legacy userKey on the site. */
  accountIdForUserKey(siteId: string, userKey: string): Promise<string | undefined> {
    return this.#lookups.accountIdForUserKey(siteId, userKey);
  }

  /** The account with this email: an Atlassian account anywhere, else a customer of the site. */
  accountIdForEmail(email: string, siteId: string | null): Promise<string | undefined> {
    return this.#lookups.accountIdForEmail(email, siteId);
  }

  organizationName(organizationId: string): string | undefined {
    return this.#organizations.name(organizationId);
  }

  site(siteId: string): Site | undefined {
    return this.#sites.get(siteId);
  }

  /** The site answering for `host`, else the default site. */
  siteForHost(host: string): Site | undefined {
    return this.#sites.forHost(host);
  }

  /** The site with this cloud id (the API gateway's `/ex/{product}/{cloudId}/…`), if any. */
  siteForCloudId(cloudId: string): Site | undefined {
    return this.#sites.forCloudId(cloudId);
  }
}
