import type { Kysely } from 'kysely';
import type { Account } from '../accounts/accounts.model.ts';
import type { Database } from '../db/schema.ts';
import type { Store } from '../db/store.ts';
import type { Site } from '../sites/sites.model.ts';
import { getSite } from '../sites/sites.service.ts';
import type { AccountStatus, ProfileView, Relation, Viewer } from '../visibility/visibility.ts';
import { statusOnSite } from '../visibility/visibility.ts';
import { AccountLookups } from './account-lookups.ts';
import { ChangeFollower, type FollowOptions, type PendingChanges } from './change-follower.ts';
import { decidedForRelation, decidedForViewer, subjectOfStored } from './decided-views.ts';
import { loadAccountData, loadOrganizationData, loadSiteIds } from './directory.repository.ts';
import {
  buildEntries,
  type DecidedView,
  type DirectoryEntry,
  type StoredEntry,
  storedEntry,
} from './directory-entries.ts';
import { LegacyIdentityIndex } from './legacy-identity-index.ts';
import { type Audience, type AudienceMember, Audiences } from './name-order.ts';
import { OrganizationIndex } from './organization-index.ts';
import { SiteIndex } from './site-index.ts';

export { changeChannel } from './change-follower.ts';
export type { DirectoryEntry } from './directory-entries.ts';

/** A reload of more accounts than this fills the search audiences again (one sort beats many insertions). */
const orderedReloadLimit = 1000;

/** An account as the search audiences hold it. */
interface Member extends AudienceMember {
  readonly entry: StoredEntry;
}

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
  /** Small integers for accountIds (never reused), so search can use typed arrays. */
  readonly #slots = new Map<string, number>();
  readonly #audiences = new Audiences<Member>(
    () => this.#members(),
    (member, relation) => decidedForRelation(member.entry, relation as Relation),
  );
  /** While many accounts change at once, the audiences are filled again afterwards, not kept up to date. */
  #reordering = false;
  readonly #changes: ChangeFollower;
  #version = 0;

  private constructor(db: Kysely<Database>, follow: FollowOptions) {
    this.#db = db;
    const apply = (changes: PendingChanges) => this.#applyChanges(changes);
    this.#changes = new ChangeFollower(
      db,
      { apply, reloadEverything: () => this.#reloadEverything() },
      follow,
    );
  }

  /** Loads everything and starts following the change log (`follow`: poll interval, LISTEN or not). */
  static async open(db: Kysely<Database>, listen: Store['listen'], follow: FollowOptions = {}) {
    const directory = new Directory(db, follow);
    // Takes its position, then reloads everything as of it (reloadEverything), then follows.
    await directory.#changes.start(listen);
    // Filled now, so that the first search after start does not pay for it.
    directory.audience('signed-in', null);
    return directory;
  }

  async close(): Promise<void> {
    await this.#changes.close();
  }

  /** Returns once every change committed before the call is visible here. */
  sync(): Promise<void> {
    return this.#changes.sync();
  }

  /** False when this node has not read the change log within its lease: its cache may be stale. */
  isCurrent(): boolean {
    return this.#changes.isCurrent();
  }

  /** After an erasure: applied here, then every live node has applied it (false if one had not in time). */
  async settleEverywhere(timeoutMs = 5000): Promise<boolean> {
    const seq = await this.#changes.newestSeq();
    await this.#changes.sync();
    return this.#changes.waitForNodes(seq, timeoutMs);
  }

  /**
   * Grows whenever the directory applies a change; what is worked out from the directory (a signed-in
   * caller, say) may be kept for as long as this stays the same.
   */
  get version(): number {
    return this.#version;
  }

  async #applyChanges({ organizations, sites, accounts }: PendingChanges): Promise<void> {
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
    const moved = [...touched].reduce(
      (sum, domain) => sum + (this.#lookups.domainMembers(domain)?.size ?? 0),
      0,
    );
    this.#startReordering(moved);
    for (const domain of touched) {
      // A copy: storing an entry takes it out of its domain's set and puts it back.
      for (const accountId of [...(this.#lookups.domainMembers(domain) ?? [])]) {
        const entry = this.#entries.get(accountId);
        if (!entry) continue;
        const account = this.#withManagement(entry.account, entry.emailDomain);
        if (account !== entry.account) this.#store({ ...entry, account });
      }
    }
    this.#endReordering();
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
    this.#startReordering(ids === null ? Number.POSITIVE_INFINITY : ids.length);
    for (const id of ids ?? [...this.#entries.keys()]) if (!found.has(id)) this.#forget(id);
    for (const entry of buildEntries(data)) {
      this.#store({ ...entry, account: this.#withManagement(entry.account, entry.emailDomain) });
    }
    this.#endReordering();
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
    if (!this.#reordering) this.#audiences.place(this.#memberOf(entry));
  }

  #memberOf(entry: StoredEntry): Member {
    const { accountId, managingOrganizationId } = entry.account;
    let slot = this.#slots.get(accountId);
    if (slot === undefined) {
      slot = this.#slots.size;
      this.#slots.set(accountId, slot);
    }
    return { slot, accountId, managingOrganizationId, entry };
  }

  *#members(): Iterable<Member> {
    for (const entry of this.#entries.values()) yield this.#memberOf(entry);
  }

  #startReordering(changes: number): void {
    if (changes > orderedReloadLimit) this.#reordering = true;
  }

  #endReordering(): void {
    if (!this.#reordering) return;
    this.#reordering = false;
    this.#audiences.refill();
  }

  #forget(accountId: string): void {
    const entry = this.#entries.get(accountId);
    if (!entry) return;
    this.#entries.delete(accountId);
    this.#lookups.remove(entry);
    this.#legacy.remove(entry);
    const slot = this.#slots.get(accountId);
    if (!this.#reordering && slot !== undefined) this.#audiences.remove({ slot, accountId });
  }

  // ---- reads ----

  entry(accountId: string): DirectoryEntry | undefined {
    return this.#entries.get(accountId);
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

  /** The accountIds linked to a site. */
  siteMembers(siteId: string): ReadonlySet<string> {
    return this.#lookups.siteMembers(siteId);
  }

  /**
   * Every account (or only those `organizationId` manages) as a viewer in `relation` finds them: by the
   * words of its view, in the order of the names it is shown (`decidedFor(…).sortKey`, then accountId).
   */
  audience(relation: Relation, organizationId: string | null): Audience {
    return this.#audiences.get({ relation, organizationId });
  }

  /** How many slots have been handed out (every slot is below this). */
  get slotCount(): number {
    return this.#slots.size;
  }

  get size(): number {
    return this.#entries.size;
  }
}
