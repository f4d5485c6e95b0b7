import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Account } from '../accounts/accounts.model.ts';
import { normalizeEmail } from '../accounts/profile.rules.ts';
import type { Database } from '../db/schema.ts';
import type { Store } from '../db/store.ts';
import type { Site } from '../sites/sites.model.ts';
import { getSite, normalizeHost } from '../sites/sites.service.ts';
import type { AccountStatus, ProfileView, Relation, Viewer } from '../visibility/visibility.ts';
import { decideProfileViewForRelation, relationOf, statusOnSite } from '../visibility/visibility.ts';
import { loadAccountData, loadOrganizationData, loadSiteIds } from './directory.repository.ts';
import {
  buildEntries,
  type DecidedView,
  type DirectoryEntry,
  entryToProfileSubject,
  type StoredEntry,
  storedEntry,
} from './directory-entries.ts';
import { LegacyIdentityIndex } from './legacy-identity-index.ts';
import { type Audience, type AudienceMember, Audiences } from './name-order.ts';
import { searchTermsOf } from './search-index.ts';

export type { DirectoryEntry } from './directory-entries.ts';

export const changeChannel = 'veil_changes';

/** How many host names `siteForHost` remembers before it starts over (hosts come from requests). */
const hostCacheLimit = 1024;

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
  readonly #globalEmails = new Map<string, string>();
  readonly #customerEmails = new Map<string, string>();
  /** Each API token by its hash: whose it is, and its id. */
  readonly #tokens = new Map<string, { readonly accountId: string; readonly tokenId: string }>();
  readonly #legacy = new LegacyIdentityIndex();
  readonly #domainOwners = new Map<string, string>();
  /** Accounts by email domain, so an organization's change finds its accounts without a scan. */
  readonly #domainMembers = new Map<string, Set<string>>();
  readonly #organizations = new Map<string, { id: string; name: string; domains: string[] }>();
  readonly #sites = new Map<string, Site>();
  readonly #hosts = new Map<string, string>();
  readonly #hostCache = new Map<string, Site | null>();
  readonly #siteMembers = new Map<string, Set<string>>();
  /** Small integers for accountIds (never reused), so search can use typed arrays. */
  readonly #slots = new Map<string, number>();
  readonly #audiences = new Audiences<Member>(
    () => this.#members(),
    (member, relation) => this.#decidedForRelation(member.entry, relation as Relation),
  );
  /** While many accounts change at once, the audiences are filled again afterwards, not kept up to date. */
  #reordering = false;
  readonly #pending = {
    accounts: new Set<string>(),
    organizations: new Set<string>(),
    sites: new Set<string>(),
  };
  readonly #barriers = new Map<string, () => void>();
  #applying: Promise<void> = Promise.resolve();
  #unlisten: (() => Promise<void>) | null = null;
  #version = 0;

  private constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** Loads everything and starts following the change channel. */
  static async open(db: Kysely<Database>, listen: Store['listen']): Promise<Directory> {
    const directory = new Directory(db);
    directory.#unlisten = await listen(changeChannel, (payload) => directory.#onChange(payload));
    await directory.#reloadEverything();
    // Filled now, so that the first search after start does not pay for it.
    directory.audience('signed-in', null);
    return directory;
  }

  async close(): Promise<void> {
    await this.#unlisten?.();
  }

  /** Returns once every change committed before the call is visible here. */
  async sync(): Promise<void> {
    const token = randomUUID();
    const arrived = new Promise<void>((resolve) => this.#barriers.set(token, resolve));
    await sql`select pg_notify(${changeChannel}, ${`sync:${token}`})`.execute(this.#db);
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 2000).unref());
    if ((await Promise.race([arrived, timeout])) === 'timeout') {
      this.#barriers.delete(token);
      await this.#queue(() => this.#reloadEverything());
    }
  }

  /**
   * Grows whenever the directory applies a change; what is worked out from the directory (a signed-in
   * caller, say) may be kept for as long as this stays the same.
   */
  get version(): number {
    return this.#version;
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

  async #applyPending(): Promise<void> {
    const organizations = [...this.#pending.organizations];
    const sites = [...this.#pending.sites];
    const accounts = [...this.#pending.accounts];
    this.#pending.organizations.clear();
    this.#pending.sites.clear();
    this.#pending.accounts.clear();
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
    const { organizations, domains } = await loadOrganizationData(this.#db, ids);
    const touched = new Set<string>();
    for (const [domain, owner] of this.#domainOwners) {
      if (ids === null || ids.includes(owner)) {
        this.#domainOwners.delete(domain);
        touched.add(domain);
      }
    }
    for (const id of ids ?? [...this.#organizations.keys()]) this.#organizations.delete(id);
    for (const row of organizations) {
      const own = domains.filter((d) => d.organization_id === row.organization_id).map((d) => d.domain);
      this.#organizations.set(row.organization_id, { id: row.organization_id, name: row.name, domains: own });
      for (const domain of own) {
        this.#domainOwners.set(domain, row.organization_id);
        touched.add(domain);
      }
    }
    const moved = [...touched].reduce((sum, domain) => sum + (this.#domainMembers.get(domain)?.size ?? 0), 0);
    this.#startReordering(moved);
    for (const domain of touched) {
      // A copy: storing an entry takes it out of its domain's set and puts it back.
      for (const accountId of [...(this.#domainMembers.get(domain) ?? [])]) {
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
    const previous = this.#sites.get(siteId);
    for (const host of previous?.hosts ?? []) this.#hosts.delete(host);
    this.#sites.delete(siteId);
    this.#hostCache.clear();
    this.#version++;
    const site = await getSite(this.#db, siteId).catch(() => undefined);
    if (!site) return;
    this.#sites.set(siteId, site);
    for (const host of site.hosts) this.#hosts.set(host, siteId);
    this.#hostCache.clear();
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
        ? (this.#domainOwners.get(emailDomain) ?? null)
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
    const email = account.profile.email ? normalizeEmail(account.profile.email) : null;
    if (email && account.accountType === 'atlassian') this.#globalEmails.set(email, account.accountId);
    if (email && account.accountType === 'customer')
      this.#customerEmails.set(`${account.customerSiteId}\n${email}`, account.accountId);
    for (const token of entry.tokens)
      this.#tokens.set(token.hash, { accountId: account.accountId, tokenId: token.id });
    for (const siteId of entry.links.keys()) membersOf(this.#siteMembers, siteId).add(account.accountId);
    this.#legacy.add(entry);
    if (entry.emailDomain) membersOf(this.#domainMembers, entry.emailDomain).add(account.accountId);
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
    const email = entry.account.profile.email ? normalizeEmail(entry.account.profile.email) : null;
    if (email && this.#globalEmails.get(email) === accountId) this.#globalEmails.delete(email);
    if (email) this.#customerEmails.delete(`${entry.account.customerSiteId}\n${email}`);
    for (const token of entry.tokens) this.#tokens.delete(token.hash);
    for (const siteId of entry.links.keys()) this.#siteMembers.get(siteId)?.delete(accountId);
    this.#legacy.remove(entry);
    if (entry.emailDomain) this.#domainMembers.get(entry.emailDomain)?.delete(accountId);
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
    return this.#decided(entry, viewer, siteId).view;
  }

  /** The account's status on a site (or its own, for `null`), as the one decision has it: who may sign in there. */
  statusOn(entry: DirectoryEntry, siteId: string | null): AccountStatus {
    return statusOnSite(this.#subjectOf(entry as StoredEntry), siteId);
  }

  /**
   * The view of the account for `viewer` (on `siteId`, as `viewOf`), with the words it can be found by
   * (from the view, so hidden fields are not among them) and the key searches order it by.
   */
  decidedFor(entry: DirectoryEntry, viewer: Viewer, siteId: string | null = null): DecidedView {
    return this.#decided(entry, viewer, siteId);
  }

  #subjectOf(stored: StoredEntry) {
    // The subject and the views are worked out once per entry; a changed account or link is a new entry.
    stored.subject ??= entryToProfileSubject(stored);
    return stored.subject;
  }

  #decided(entry: DirectoryEntry, viewer: Viewer, siteId: string | null): DecidedView {
    const stored = entry as StoredEntry;
    const subject = this.#subjectOf(stored);
    const decided = this.#decidedForRelation(stored, relationOf(subject, viewer));
    if (statusOnSite(subject, siteId) === subject.status) return decided;
    // Every site that deactivated the person shows the same view: one more per relation, kept beside it.
    decided.onDeactivatedSite ??= {
      ...decided,
      view: decideProfileViewForRelation(subject, decided.relation, siteId),
      onDeactivatedSite: undefined,
    };
    return decided.onDeactivatedSite;
  }

  #decidedForRelation(stored: StoredEntry, relation: Relation): DecidedView {
    const subject = this.#subjectOf(stored);
    stored.decided ??= [];
    for (const decided of stored.decided) if (decided.relation === relation) return decided;
    const view = decideProfileViewForRelation(subject, relation);
    const terms = searchTermsOf({
      fullName: view.displayName,
      publicName: view.publicName,
      email: view.email ?? null,
    });
    const decided: DecidedView = { relation, view, terms, sortKey: view.displayName.toLowerCase() };
    stored.decided.push(decided);
    return decided;
  }

  /** The API token with this hash: whose it is and its id (for usage counts). */
  token(tokenHash: string): { readonly accountId: string; readonly tokenId: string } | undefined {
    return this.#tokens.get(tokenHash);
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
    const normalized = normalizeEmail(email);
    return (
      this.#globalEmails.get(normalized) ??
      (siteId ? this.#customerEmails.get(`${siteId}\n${normalized}`) : undefined)
    );
  }

  organizationName(organizationId: string): string | undefined {
    return this.#organizations.get(organizationId)?.name;
  }

  site(siteId: string): Site | undefined {
    return this.#sites.get(siteId);
  }

  /** The site answering for `host`, else the default site. */
  siteForHost(host: string): Site | undefined {
    const cached = this.#hostCache.get(host);
    if (cached !== undefined) return cached ?? undefined;
    if (this.#hostCache.size >= hostCacheLimit) this.#hostCache.clear();
    const site = this.#findSiteForHost(host);
    this.#hostCache.set(host, site ?? null);
    return site;
  }

  #findSiteForHost(host: string): Site | undefined {
    const byHost = this.#hosts.get(normalizeHost(host));
    if (byHost) return this.#sites.get(byHost);
    for (const site of this.#sites.values()) if (site.isDefault) return site;
    return undefined;
  }

  /** The accountIds linked to a site. */
  siteMembers(siteId: string): ReadonlySet<string> {
    return this.#siteMembers.get(siteId) ?? new Set();
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

function membersOf(map: Map<string, Set<string>>, key: string): Set<string> {
  let members = map.get(key);
  if (!members) {
    members = new Set();
    map.set(key, members);
  }
  return members;
}
