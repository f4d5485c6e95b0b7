/*
 * Removed when search moves to the database: every account held in memory, only for the in-memory
 * search (its audiences, a site's members, the slots). Every other read goes through the bounded cache
 * (account-cache.ts); nothing but search reads from here.
 */
import type { Kysely } from 'kysely';
import type { Account } from '../accounts/accounts.model.ts';
import type { Database } from '../db/schema.ts';
import type { Relation } from '../visibility/visibility.ts';
import { AccountLookups } from './account-lookups.ts';
import { decidedForRelation } from './decided-views.ts';
import { loadAccountData } from './directory.repository.ts';
import { buildEntries, type DirectoryEntry, type StoredEntry, storedEntry } from './directory-entries.ts';
import { type Audience, type AudienceMember, Audiences } from './name-order.ts';

/** A reload of more accounts than this fills the search audiences again (one sort beats many insertions). */
const orderedReloadLimit = 1000;

/** An account as the search audiences hold it. */
interface Member extends AudienceMember {
  readonly entry: StoredEntry;
}

/** Works out who manages an account (from the replicated organizations). */
export type ManagementOf = (account: Account, emailDomain: string | null) => Account;

/** Removed when search moves to the database: every account, its site memberships and search audiences. */
export class HeldEntries {
  readonly #db: Kysely<Database>;
  readonly #withManagement: ManagementOf;
  readonly #entries = new Map<string, StoredEntry>();
  readonly #lookups = new AccountLookups();
  /** Small integers for accountIds (never reused), so search can use typed arrays. */
  readonly #slots = new Map<string, number>();
  readonly #audiences = new Audiences<Member>(
    () => this.#members(),
    (member, relation) => decidedForRelation(member.entry, relation as Relation),
  );
  /** While many accounts change at once, the audiences are filled again afterwards, not kept up to date. */
  #reordering = false;

  constructor(db: Kysely<Database>, withManagement: ManagementOf) {
    this.#db = db;
    this.#withManagement = withManagement;
  }

  /** Moves the held accounts of domains whose owner may have changed to their new management. */
  moveDomains(touched: ReadonlySet<string>): void {
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
  }

  /** Loads the accounts named (all when null) afresh. */
  async reload(ids: readonly string[] | null): Promise<void> {
    const data = await loadAccountData(this.#db, ids);
    if (!data) return;
    const found = new Set(data.accounts.map((row) => row.account_id));
    this.#startReordering(ids === null ? Number.POSITIVE_INFINITY : ids.length);
    for (const id of ids ?? [...this.#entries.keys()]) if (!found.has(id)) this.#forget(id);
    for (const entry of buildEntries(data)) {
      this.#store({ ...entry, account: this.#withManagement(entry.account, entry.emailDomain) });
    }
    this.#endReordering();
  }

  #store(fields: DirectoryEntry): void {
    this.#forget(fields.account.accountId);
    const entry = storedEntry(fields);
    this.#entries.set(entry.account.accountId, entry);
    this.#lookups.add(entry);
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
    const slot = this.#slots.get(accountId);
    if (!this.#reordering && slot !== undefined) this.#audiences.remove({ slot, accountId });
  }

  entry(accountId: string): StoredEntry | undefined {
    return this.#entries.get(accountId);
  }

  siteMembers(siteId: string): ReadonlySet<string> {
    return this.#lookups.siteMembers(siteId);
  }

  audience(relation: Relation, organizationId: string | null): Audience {
    return this.#audiences.get({ relation, organizationId });
  }

  get slotCount(): number {
    return this.#slots.size;
  }

  get size(): number {
    return this.#entries.size;
  }
}
