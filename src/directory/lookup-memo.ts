/**
 * A small bounded memo of what a request names (a token's hash, an email, a legacy username) to the
 * account it named. An answer is only a hint: the directory checks it against the account's current
 * entry (which changes keep fresh) before using it, so the memo itself needs no invalidation.
 */
export class LookupMemo<V> {
  readonly #limit: number;
  readonly #answers = new Map<string, V>();

  constructor(limit: number) {
    this.#limit = limit;
  }

  get(key: string): V | undefined {
    return this.#answers.get(key);
  }

  set(key: string, value: V): void {
    this.#answers.delete(key);
    this.#answers.set(key, value);
    if (this.#answers.size > this.#limit) this.#answers.delete(this.#answers.keys().next().value as string);
  }

  delete(key: string): void {
    this.#answers.delete(key);
  }

  clear(): void {
    this.#answers.clear();
  }
}
