import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Account, VisibilitySetting } from '../accounts/accounts.model.ts';
import { accountToProfileSubject } from '../accounts/accounts.model.ts';
import { normalizeEmail } from '../accounts/profile.rules.ts';
import type { Database } from '../db/schema.ts';
import type { Store } from '../db/store.ts';
import type { Site, SiteLink } from '../sites/sites.model.ts';
import { getSite, normalizeHost } from '../sites/sites.service.ts';
import type { ProfileField, ProfileView, Relation, Viewer, Visibility } from '../visibility/visibility.ts';
import { decideProfileViewForRelation, relationOf } from '../visibility/visibility.ts';
import {
  type AccountData,
  loadAccountData,
  loadOrganizationData,
  loadSiteIds,
} from './directory.repository.ts';
import { SearchIndex, searchTermsOf } from './search-index.ts';

export const changeChannel = 'veil_changes';

/** An account with what the directory keeps beside it: roles, links and token hashes. */
export interface DirectoryEntry {
  readonly account: Account;
  readonly emailDomain: string | null;
  readonly tokenHashes: readonly string[];
  readonly links: ReadonlyMap<string, SiteLink>;
  readonly platformAdmin: boolean;
  readonly administeredOrganizationIds: readonly string[];
  readonly administeredSiteIds: readonly string[];
  /** Views already decided, one per relation (an entry is replaced whenever its account changes). */
  readonly views: Map<Relation, { view: ProfileView; terms: string[] }>;
}

/**
 * The read model: every account, organization and site held in memory, so reads never wait on the
 * database. It follows the store through the change channel (LISTEN/NOTIFY) and `sync()` is a barrier
 * that returns once every change committed before it has been applied.
 */
export class Directory {
  readonly #db: Kysely<Database>;
  readonly #entries = new Map<string, DirectoryEntry>();
  readonly #globalEmails = new Map<string, string>();
  readonly #customerEmails = new Map<string, string>();
  readonly #tokens = new Map<string, string>();
  readonly #domainOwners = new Map<string, string>();
  readonly #organizations = new Map<string, { id: string; name: string; domains: string[] }>();
  readonly #sites = new Map<string, Site>();
  readonly #hosts = new Map<string, string>();
  readonly #siteMembers = new Map<string, Set<string>>();
  readonly #search = new SearchIndex();
  readonly #pending = {
    accounts: new Set<string>(),
    organizations: new Set<string>(),
    sites: new Set<string>(),
  };
  readonly #barriers = new Map<string, () => void>();
  #applying: Promise<void> = Promise.resolve();
  #unlisten: (() => Promise<void>) | null = null;

  private constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** Loads everything and starts following the change channel. */
  static async open(db: Kysely<Database>, listen: Store['listen']): Promise<Directory> {
    const directory = new Directory(db);
    directory.#unlisten = await listen(changeChannel, (payload) => directory.#onChange(payload));
    await directory.#reloadEverything();
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
    const affected = [...this.#entries.values()].filter(
      (e) => e.emailDomain !== null && touched.has(e.emailDomain),
    );
    for (const entry of affected)
      this.#store({ ...entry, account: this.#withManagement(entry.account, entry.emailDomain) });
  }

  async #reloadSite(siteId: string): Promise<void> {
    const previous = this.#sites.get(siteId);
    for (const host of previous?.hosts ?? []) this.#hosts.delete(host);
    this.#sites.delete(siteId);
    const site = await getSite(this.#db, siteId).catch(() => undefined);
    if (!site) return;
    this.#sites.set(siteId, site);
    for (const host of site.hosts) this.#hosts.set(host, siteId);
  }

  async #reloadAccounts(ids: string[] | null): Promise<void> {
    const data = await loadAccountData(this.#db, ids);
    if (!data) return;
    const found = new Set(data.accounts.map((row) => row.account_id));
    for (const id of ids ?? [...this.#entries.keys()]) if (!found.has(id)) this.#forget(id);
    for (const entry of buildEntries(data)) {
      this.#store({ ...entry, account: this.#withManagement(entry.account, entry.emailDomain) });
    }
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

  #store(entry: Omit<DirectoryEntry, 'views'>): void {
    this.#forget(entry.account.accountId);
    const { account } = entry;
    const fresh: DirectoryEntry = { ...entry, views: new Map() };
    this.#entries.set(account.accountId, fresh);
    const email = account.profile.email ? normalizeEmail(account.profile.email) : null;
    if (email && account.accountType === 'atlassian') this.#globalEmails.set(email, account.accountId);
    if (email && account.accountType === 'customer')
      this.#customerEmails.set(`${account.customerSiteId}\n${email}`, account.accountId);
    for (const hash of entry.tokenHashes) this.#tokens.set(hash, account.accountId);
    for (const siteId of entry.links.keys()) this.#membersOf(siteId).add(account.accountId);
    this.#search.set(account.accountId, searchTermsOf(account.profile));
  }

  #forget(accountId: string): void {
    const entry = this.#entries.get(accountId);
    if (!entry) return;
    this.#entries.delete(accountId);
    const email = entry.account.profile.email ? normalizeEmail(entry.account.profile.email) : null;
    if (email && this.#globalEmails.get(email) === accountId) this.#globalEmails.delete(email);
    if (email) this.#customerEmails.delete(`${entry.account.customerSiteId}\n${email}`);
    for (const hash of entry.tokenHashes) this.#tokens.delete(hash);
    for (const siteId of entry.links.keys()) this.#siteMembers.get(siteId)?.delete(accountId);
    this.#search.remove(accountId);
  }

  #membersOf(siteId: string): Set<string> {
    let members = this.#siteMembers.get(siteId);
    if (!members) {
      members = new Set();
      this.#siteMembers.set(siteId, members);
    }
    return members;
  }

  // ---- reads ----

  entry(accountId: string): DirectoryEntry | undefined {
    return this.#entries.get(accountId);
  }

  account(accountId: string): Account | undefined {
    return this.#entries.get(accountId)?.account;
  }

  /** The account as `viewer` may see it, through the one decision (kept per relation). */
  viewOf(entry: DirectoryEntry, viewer: Viewer): ProfileView {
    return this.#decided(entry, viewer).view;
  }

  /** The words `viewer` may find the account by (from its view, so hidden fields are not among them). */
  termsOf(entry: DirectoryEntry, viewer: Viewer): readonly string[] {
    return this.#decided(entry, viewer).terms;
  }

  #decided(entry: DirectoryEntry, viewer: Viewer) {
    const subject = accountToProfileSubject(entry.account);
    const relation = relationOf(subject, viewer);
    let decided = entry.views.get(relation);
    if (!decided) {
      const view = decideProfileViewForRelation(subject, relation);
      const terms = searchTermsOf({
        fullName: view.displayName,
        publicName: view.publicName,
        email: view.email ?? null,
      });
      decided = { view, terms };
      entry.views.set(relation, decided);
    }
    return decided;
  }

  accountIdForToken(tokenHash: string): string | undefined {
    return this.#tokens.get(tokenHash);
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
    const byHost = this.#hosts.get(normalizeHost(host));
    if (byHost) return this.#sites.get(byHost);
    for (const site of this.#sites.values()) if (site.isDefault) return site;
    return undefined;
  }

  /** The accountIds linked to a site. */
  siteMembers(siteId: string): ReadonlySet<string> {
    return this.#siteMembers.get(siteId) ?? new Set();
  }

  /** Accounts that may match `query` (a superset; check each with `termsOf`). */
  searchCandidates(query: string): ReadonlySet<string> {
    return this.#search.candidates(query);
  }

  get size(): number {
    return this.#entries.size;
  }
}

/** Assembles directory entries from bulk rows. */
function buildEntries(data: AccountData): Omit<DirectoryEntry, 'views'>[] {
  const byAccount = <T extends { account_id: string }>(rows: T[]) => {
    const map = new Map<string, T[]>();
    for (const row of rows) {
      const list = map.get(row.account_id);
      if (list) list.push(row);
      else map.set(row.account_id, [row]);
    }
    return map;
  };
  const settings = byAccount(data.settings);
  const tokens = byAccount(data.tokens);
  const links = byAccount(data.links);
  const products = byAccount(data.products);
  const memberships = byAccount(data.memberships);
  const organizationAdmins = byAccount(data.organizationAdmins);
  const siteAdmins = byAccount(data.siteAdmins);
  const platformAdmins = new Set(data.platformAdmins.map((row) => row.account_id));
  return data.accounts.map((row) => {
    const id = row.account_id;
    const accountSettings: Partial<Record<ProfileField, VisibilitySetting>> = {};
    for (const s of settings.get(id) ?? []) {
      accountSettings[s.field as ProfileField] = {
        visibility: s.visibility as Visibility,
        lockedByOrganizationId: s.locked_by_organization_id,
      };
    }
    const siteLinks = new Map<string, SiteLink>();
    for (const link of links.get(id) ?? []) {
      siteLinks.set(link.site_id, {
        accountId: id,
        linkedAt: link.linked_at,
        products: (products.get(id) ?? [])
          .filter((p) => p.site_id === link.site_id)
          .map((p) => p.product as SiteLink['products'][number]),
        groups: (memberships.get(id) ?? [])
          .filter((m) => m.site_id === link.site_id)
          .map((m) => ({ groupId: m.group_id, name: m.name })),
      });
    }
    return {
      account: {
        accountId: id,
        accountType: row.account_type,
        status: row.status,
        appKey: row.app_key,
        customerSiteId: row.customer_site_id,
        profile: {
          fullName: row.full_name,
          publicName: row.public_name,
          email: row.email,
          avatarKey: row.avatar_key,
          jobTitle: row.job_title,
          department: row.department,
          organization: row.organization_name,
          location: row.location,
          timeZone: row.time_zone,
          locale: row.locale,
        },
        managingOrganizationId: null,
        settings: accountSettings,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
      },
      emailDomain: row.email_domain,
      tokenHashes: (tokens.get(id) ?? []).map((t) => t.token_hash),
      links: siteLinks,
      platformAdmin: platformAdmins.has(id),
      administeredOrganizationIds: (organizationAdmins.get(id) ?? []).map((r) => r.organization_id),
      administeredSiteIds: (siteAdmins.get(id) ?? []).map((r) => r.site_id),
    };
  });
}
