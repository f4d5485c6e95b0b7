import type { Kysely } from 'kysely';
import type { Account } from '../accounts/accounts.model.ts';
import type { Database } from '../db/schema.ts';
import type { Store } from '../db/store.ts';
import type { Site } from '../sites/sites.model.ts';
import { getSite } from '../sites/sites.service.ts';
import type { AccountStatus, ProfileView, Viewer } from '../visibility/visibility.ts';
import { statusOnSite } from '../visibility/visibility.ts';
import { AccountLookups } from './account-lookups.ts';
import { ChangeFollower, type PendingChanges } from './change-follower.ts';
import { decidedForViewer, subjectOfStored } from './decided-views.ts';
import { loadAccountData, loadOrganizationData, loadSiteIds } from './directory.repository.ts';
import {
  buildEntries,
  type DecidedView,
  type DirectoryEntry,
  type StoredEntry,
  storedEntry,
} from './directory-entries.ts';
import { LegacyIdentityIndex } from './legacy-identity-index.ts';
import { OrganizationIndex } from './organization-index.ts';
import { SearchIndexer } from './search-indexer.ts';
import { SiteIndex } from './site-index.ts';

export { changeChannel } from './change-follower.ts';
export type { DirectoryEntry } from './directory-entries.ts';

/**
 * The read model: every account, organization and site held in memory, so reads never wait on the
 * database. It follows the store through the change channel (LISTEN/NOTIFY) and `sync()` is a barrier
 * that returns once every change committed before it has been applied.
 */
export class Directory {
  readonly #db: Kysely<Database>;
  readonly #entries = new Map<string, StoredEntry>();
  readonly #lookups = new AccountLookups();
  readonly #legacy = new LegacyIdentityIndex();
  readonly #organizations = new OrganizationIndex();
  readonly #sites = new SiteIndex();
  readonly #changes: ChangeFollower;
  /** Keeps the search tables up to date (search-indexer.ts): woken by every change, waited for by `sync`. */
  readonly #search: SearchIndexer;
  #version = 0;

  private constructor(db: Kysely<Database>) {
    this.#db = db;
    this.#search = new SearchIndexer(db);
    this.#changes = new ChangeFollower(db, {
      apply: (changes) => this.#applyChanges(changes),
      reloadEverything: () => this.#reloadEverything(),
    });
  }

  /** Loads everything and starts following the change channel. */
  static async open(db: Kysely<Database>, listen: Store['listen']): Promise<Directory> {
    const directory = new Directory(db);
    await directory.#changes.listen(listen);
    await directory.#reloadEverything();
    await directory.#search.sync();
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

  async #applyChanges({ organizations, sites, accounts }: PendingChanges): Promise<void> {
    this.#search.wake();
    if (organizations.length > 0) await this.#reloadOrganizations(organizations);
    for (const siteId of sites) await this.#reloadSite(siteId);
    if (accounts.length > 0) await this.#reloadAccounts(accounts);
  }

  async #reloadEverything(): Promise<void> {
    await this.#reloadOrganizations(null);
    for (const siteId of await loadSiteIds(this.#db)) await this.#reloadSite(siteId);
    await this.#reloadAccounts(null);
  }

  async #reloadOrganizations(ids: string[] | null): Promise<void> {
    const touched = this.#organizations.replace(ids, await loadOrganizationData(this.#db, ids));
    for (const domain of touched) {
      // A copy: storing an entry takes it out of its domain's set and puts it back.
      for (const accountId of [...(this.#lookups.domainMembers(domain) ?? [])]) {
        const entry = this.#entries.get(accountId);
        if (!entry) continue;
        const account = this.#withManagement(entry.account, entry.emailDomain);
        if (account !== entry.account) this.#store({ ...entry, account });
      }
    }
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

  async #reloadAccounts(ids: string[] | null): Promise<void> {
    const data = await loadAccountData(this.#db, ids);
    if (!data) return;
    const found = new Set(data.accounts.map((row) => row.account_id));
    for (const id of ids ?? [...this.#entries.keys()]) if (!found.has(id)) this.#forget(id);
    for (const entry of buildEntries(data)) {
      this.#store({ ...entry, account: this.#withManagement(entry.account, entry.emailDomain) });
    }
    this.#version++;
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

  #store(fields: DirectoryEntry): void {
    this.#forget(fields.account.accountId);
    const entry = storedEntry(fields);
    const { account } = entry;
    this.#entries.set(account.accountId, entry);
    this.#lookups.add(entry);
    this.#legacy.add(entry);
  }

  #forget(accountId: string): void {
    const entry = this.#entries.get(accountId);
    if (!entry) return;
    this.#entries.delete(accountId);
    this.#lookups.remove(entry);
    this.#legacy.remove(entry);
  }

  // ---- reads ----

  entry(accountId: string): DirectoryEntry | undefined {
    return this.#entries.get(accountId);
  }

  /** The entries of the accounts named that exist, by accountId. */
  async entries(accountIds: readonly string[]): Promise<Map<string, DirectoryEntry>> {
    const found = new Map<string, DirectoryEntry>();
    for (const accountId of accountIds) {
      const entry = this.#entries.get(accountId);
      if (entry) found.set(accountId, entry);
    }
    return found;
  }

  account(accountId: string): Account | undefined {
    return this.#entries.get(accountId)?.account;
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
  token(tokenHash: string): { readonly accountId: string; readonly tokenId: string } | undefined {
    return this.#lookups.token(tokenHash);
  }

  /** The account that has this legacy username on the site (usernames match case-insensitively). */
  accountIdForUsername(siteId: string, username: string): string | undefined {
    return this.#legacy.accountIdForUsername(siteId, username);
  }

  /** The account that has this legacy userKey on the site. */
  accountIdForUserKey(siteId: string, userKey: string): string | undefined {
    return this.#legacy.accountIdForUserKey(siteId, userKey);
  }

  accountIdForEmail(email: string, siteId: string | null): string | undefined {
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

  get size(): number {
    return this.#entries.size;
  }
}
