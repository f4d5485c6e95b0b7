/** Lower-cased words a person can be found by: each word of the names, the whole names, the email. */
export function searchTermsOf(values: {
  fullName: string;
  publicName: string;
  email: string | null;
}): string[] {
  const terms = new Set<string>();
  for (const name of [values.fullName, values.publicName]) {
    const lower = name.toLowerCase().trim();
    if (lower) terms.add(lower);
    for (const word of lower.split(/[\s.,'"()-]+/)) if (word) terms.add(word);
  }
  if (values.email) terms.add(values.email.toLowerCase());
  return [...terms];
}

/** Below this many new terms, each is inserted into the sorted list; above it, the list is re-sorted. */
const insertionLimit = 64;

/** How many longer queries' candidates are kept. */
const recentLimit = 512;

const none: ReadonlySet<number> = new Set();

/**
 * The accounts (by slot) some term of which starts with a query. One- and two-letter queries read a
 * ready bucket; longer ones scan the range of a sorted term list that starts with the query, so the
 * answer costs what it finds, however large the directory grows.
 */
export class SearchIndex {
  /** Accounts by the first one and first two letters of their terms. */
  readonly #buckets = new Map<string, Set<number>>();
  /** Accounts by term: one accountId, or several. */
  readonly #postings = new Map<string, number | Set<number>>();
  readonly #termsByAccount = new Map<number, readonly string[]>();
  /** Terms in code-unit order; may hold terms without postings any more (skipped, compacted later). */
  #sorted: string[] = [];
  #unsorted: string[] = [];
  #stale = 0;
  /** Candidates of recent longer queries (people type the same prefixes); emptied on every change. */
  readonly #recent = new Map<string, ReadonlySet<number>>();

  /** Replaces what the index knows of an account. */
  set(accountId: number, terms: readonly string[]): void {
    this.remove(accountId);
    if (this.#recent.size > 0) this.#recent.clear();
    this.#termsByAccount.set(accountId, terms);
    for (const term of terms) {
      this.#addToBucket(term.slice(0, 1), accountId);
      if (term.length > 1) this.#addToBucket(term.slice(0, 2), accountId);
      const posting = this.#postings.get(term);
      if (posting === undefined) {
        this.#postings.set(term, accountId);
        this.#unsorted.push(term);
      } else if (typeof posting === 'number') {
        if (posting !== accountId) this.#postings.set(term, new Set([posting, accountId]));
      } else {
        posting.add(accountId);
      }
    }
  }

  remove(accountId: number): void {
    const terms = this.#termsByAccount.get(accountId);
    if (!terms) return;
    if (this.#recent.size > 0) this.#recent.clear();
    this.#termsByAccount.delete(accountId);
    for (const term of terms) {
      this.#buckets.get(term.slice(0, 1))?.delete(accountId);
      this.#buckets.get(term.slice(0, 2))?.delete(accountId);
      const posting = this.#postings.get(term);
      if (posting === accountId) {
        this.#postings.delete(term);
        this.#stale++;
      } else if (posting !== undefined && typeof posting !== 'number') {
        posting.delete(accountId);
        if (posting.size === 1) this.#postings.set(term, posting.values().next().value!);
      }
    }
  }

  /** Accounts some term of which starts with the (normalised) query. */
  candidates(query: string): ReadonlySet<number> {
    if (query.length <= 2) return this.#buckets.get(query) ?? none;
    const known = this.#recent.get(query);
    if (known) return known;
    this.settle();
    const found = new Set<number>();
    const sorted = this.#sorted;
    for (let index = lowerBound(sorted, query); index < sorted.length; index++) {
      const term = sorted[index]!;
      if (!term.startsWith(query)) break;
      const posting = this.#postings.get(term);
      if (typeof posting === 'number') found.add(posting);
      else if (posting) for (const id of posting) found.add(id);
    }
    if (this.#recent.size >= recentLimit) this.#recent.delete(this.#recent.keys().next().value!);
    this.#recent.set(query, found);
    return found;
  }

  /** Brings the sorted term list up to date (the directory calls this after a bulk load). */
  settle(): void {
    const added = this.#unsorted;
    if (added.length === 0 && this.#stale * 4 <= this.#sorted.length) return;
    this.#unsorted = [];
    if (added.length <= insertionLimit && this.#stale * 4 <= this.#sorted.length) {
      for (const term of added) {
        const at = lowerBound(this.#sorted, term);
        // A term that came back after going stale is still in the list.
        if (this.#sorted[at] !== term) this.#sorted.splice(at, 0, term);
      }
      return;
    }
    // Many changes at once (a load) or many stale terms: rebuild from the live terms.
    this.#sorted = [...this.#postings.keys()].sort();
    this.#stale = 0;
  }

  #addToBucket(key: string, accountId: number): void {
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      bucket = new Set();
      this.#buckets.set(key, bucket);
    }
    bucket.add(accountId);
  }
}

/** The first index whose term is not below `value` in code-unit order. */
function lowerBound(sorted: readonly string[], value: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}
