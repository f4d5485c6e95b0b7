import type { ProfileView } from '../visibility/visibility.ts';

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

/**
 * Whether `query` prefix-matches what this view shows: words of the display name and public name,
 * and the email only where the view carries it. Matching on the view (not the stored profile) is what
 * keeps a hidden field from being searchable.
 */
export function viewMatchesQuery(view: ProfileView, query: string): boolean {
  const q = query.toLowerCase().trim();
  if (q === '') return true;
  const terms = searchTermsOf({
    fullName: view.displayName,
    publicName: view.publicName,
    email: view.email ?? null,
  });
  return terms.some((term) => term.startsWith(q));
}

/** Candidate accounts by the first two letters of their terms; candidates are checked against their view. */
export class SearchIndex {
  readonly #buckets = new Map<string, Set<string>>();
  readonly #keysByAccount = new Map<string, string[]>();

  /** Replaces what the index knows of an account. */
  set(accountId: string, terms: readonly string[]): void {
    this.remove(accountId);
    const keys = [...new Set(terms.flatMap((term) => [term.slice(0, 1), term.slice(0, 2)]))];
    for (const key of keys) {
      let bucket = this.#buckets.get(key);
      if (!bucket) {
        bucket = new Set();
        this.#buckets.set(key, bucket);
      }
      bucket.add(accountId);
    }
    this.#keysByAccount.set(accountId, keys);
  }

  remove(accountId: string): void {
    for (const key of this.#keysByAccount.get(accountId) ?? []) this.#buckets.get(key)?.delete(accountId);
    this.#keysByAccount.delete(accountId);
  }

  /** Accounts some term of which starts with the query's first two letters (a superset of the matches). */
  candidates(query: string): ReadonlySet<string> {
    const key = query.toLowerCase().trim().slice(0, 2);
    return this.#buckets.get(key) ?? new Set();
  }
}
