/**
 * Accounts as one kind of viewer finds them: an *audience* holds, for every account in its scope, the
 * words that viewer may find it by (an index) and its place in the order searches answer in (by the
 * lower-cased display name that viewer is shown, then accountId). A search takes an audience's exact
 * matches for a query, orders them by their places, and stops after one page.
 */
import { SearchIndex } from './search-index.ts';

/** Orders by sort key, then accountId: the order every search answers in. */
export function compareNameThenId(aKey: string, aId: string, bKey: string, bId: string): number {
  if (aKey !== bKey) return aKey < bKey ? -1 : 1;
  if (aId !== bId) return aId < bId ? -1 : 1;
  return 0;
}

/** One account's place in an order. */
export interface Placed {
  readonly key: string;
  readonly accountId: string;
  /** The directory's small integer for the account (see `Directory`), for typed-array lookups. */
  readonly slot: number;
}

const comparePlaced = (a: Placed, b: Placed) => compareNameThenId(a.key, a.accountId, b.key, b.accountId);

/** One sorted order of accounts; changed in place one account at a time, or rebuilt whole. */
export class NameOrder {
  #placed: Placed[] = [];
  readonly #keys = new Map<string, string>();
  /** Position in the order by slot (-1: not in it); worked out again after a change, when asked. */
  #ranks: Int32Array | null = null;

  /** Replaces the whole order (a load): one sort instead of many insertions. */
  rebuild(placed: Placed[]): void {
    this.#keys.clear();
    for (const { accountId, key } of placed) this.#keys.set(accountId, key);
    this.#placed = placed.sort(comparePlaced);
    this.#ranks = null;
  }

  /** Puts an account at the place its key gives it. */
  set(placed: Placed): void {
    if (this.#keys.get(placed.accountId) === placed.key) return;
    this.remove(placed.accountId);
    this.#placed.splice(this.#indexOf(placed), 0, placed);
    this.#keys.set(placed.accountId, placed.key);
    this.#ranks = null;
  }

  remove(accountId: string): void {
    const key = this.#keys.get(accountId);
    if (key === undefined) return;
    this.#keys.delete(accountId);
    const at = this.#indexOf({ key, accountId, slot: -1 });
    if (this.#placed[at]?.accountId === accountId) this.#placed.splice(at, 1);
    this.#ranks = null;
  }

  get size(): number {
    return this.#placed.length;
  }

  /** The account at a position. */
  at(rank: number): Placed | undefined {
    return this.#placed[rank];
  }

  /** Positions by slot; -1 for slots not in the order. */
  ranks(slots: number): Int32Array {
    if (this.#ranks && this.#ranks.length >= slots) return this.#ranks;
    const ranks = new Int32Array(Math.max(slots, 16)).fill(-1);
    for (const [rank, placed] of this.#placed.entries()) ranks[placed.slot] = rank;
    this.#ranks = ranks;
    return ranks;
  }

  /** The first position not before `placed`. */
  #indexOf(placed: Placed): number {
    let low = 0;
    let high = this.#placed.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (comparePlaced(this.#placed[middle]!, placed) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

/** Which accounts an audience holds, and as which viewer relation it sees them. */
export interface AudienceScope {
  readonly relation: string;
  /** null: every account; else only the accounts the organization manages. */
  readonly organizationId: string | null;
}

/** An account's entry, as far as audiences need it. */
export interface AudienceMember {
  readonly slot: number;
  readonly accountId: string;
  readonly managingOrganizationId: string | null;
}

/** What an audience keeps of an account: how it is ordered, and the words it is found by. */
export interface Heard {
  readonly sortKey: string;
  readonly terms: readonly string[];
}

/** The index and the order of one audience. */
export class Audience {
  readonly scope: AudienceScope;
  readonly order = new NameOrder();
  readonly index = new SearchIndex();

  constructor(scope: AudienceScope) {
    this.scope = scope;
  }

  includes(member: AudienceMember): boolean {
    return this.scope.organizationId === null || member.managingOrganizationId === this.scope.organizationId;
  }

  /** Fills the audience from scratch. */
  fill<M extends AudienceMember>(members: Iterable<M>, hear: (member: M, relation: string) => Heard): void {
    const placed: Placed[] = [];
    for (const member of members) {
      if (!this.includes(member)) continue;
      const heard = hear(member, this.scope.relation);
      placed.push({ key: heard.sortKey, accountId: member.accountId, slot: member.slot });
      this.index.set(member.slot, heard.terms);
    }
    this.order.rebuild(placed);
    this.index.settle();
  }

  /** Puts an account of the audience's scope in its place, found by `heard`'s words. */
  place(member: AudienceMember, heard: Heard): void {
    this.order.set({ key: heard.sortKey, accountId: member.accountId, slot: member.slot });
    this.index.set(member.slot, heard.terms);
  }

  remove(member: Pick<AudienceMember, 'slot' | 'accountId'>): void {
    this.order.remove(member.accountId);
    this.index.remove(member.slot);
  }
}

/**
 * The audiences searches have asked for, each filled on first use and then kept up to date one account
 * at a time; a change to many accounts at once (a load, a domain verified) fills them again.
 */
export class Audiences<M extends AudienceMember> {
  readonly #audiences = new Map<string, Audience>();
  readonly #everyone: () => Iterable<M>;
  readonly #hear: (member: M, relation: string) => Heard;

  /** `everyone`: every account there is; `hear`: what a viewer in `relation` finds an account by. */
  constructor(everyone: () => Iterable<M>, hear: (member: M, relation: string) => Heard) {
    this.#everyone = everyone;
    this.#hear = hear;
  }

  /** The audience of `scope`, filled if it is not kept. */
  get(scope: AudienceScope): Audience {
    const id = `${scope.relation}\n${scope.organizationId ?? ''}`;
    let audience = this.#audiences.get(id);
    if (!audience) {
      audience = new Audience(scope);
      audience.fill(this.#everyone(), this.#hear);
      this.#audiences.set(id, audience);
    }
    return audience;
  }

  /** Places a new or changed account in every kept audience (and takes it out of those it left). */
  place(member: M): void {
    for (const audience of this.#audiences.values()) {
      if (audience.includes(member)) audience.place(member, this.#hear(member, audience.scope.relation));
      else audience.remove(member);
    }
  }

  remove(member: Pick<AudienceMember, 'slot' | 'accountId'>): void {
    for (const audience of this.#audiences.values()) audience.remove(member);
  }

  /** Fills every kept audience again (after many changes at once). */
  refill(): void {
    const scopes = [...this.#audiences.values()].map((audience) => audience.scope);
    this.#audiences.clear();
    for (const scope of scopes) this.get(scope);
  }
}
