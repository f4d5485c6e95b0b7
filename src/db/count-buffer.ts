/**
 * Counts kept in memory and added to the store in batches: counting is a Map update (a read path never
 * waits on the store), a timer writes what was counted, a reader flushes first, and a failed write keeps
 * its counts for the next one.
 */
export interface CountBufferOptions<Row> {
  /** Rows with the same key are one count. */
  readonly keyOf: (row: Row) => string;
  /** Adds `from` into `into` (both have the same key). */
  readonly merge: (into: Row, from: Row) => void;
  /** Adds the rows to the stored counts. */
  readonly write: (rows: readonly Row[]) => Promise<void>;
  readonly flushIntervalMs: number;
}

export class CountBuffer<Row> {
  readonly #options: CountBufferOptions<Row>;
  #pending = new Map<string, Row>();
  #flushing: Promise<void> = Promise.resolve();
  #timer: NodeJS.Timeout | null = null;

  constructor(options: CountBufferOptions<Row>) {
    this.#options = options;
  }

  /** Counts a row (a copy is kept), and makes sure a write follows within the interval. */
  add(row: Row): void {
    const key = this.#options.keyOf(row);
    const known = this.#pending.get(key);
    if (known) this.#options.merge(known, row);
    else this.#pending.set(key, { ...row });
    // A failed background write keeps its counts for the next one; only a reader sees the error.
    this.#timer ??= setTimeout(
      () => void this.flush().catch(() => {}),
      this.#options.flushIntervalMs,
    ).unref();
  }

  /** Writes what was counted so far (one write at a time). */
  flush(): Promise<void> {
    this.#flushing = this.#flushing.then(
      () => this.#write(),
      () => this.#write(),
    );
    return this.#flushing;
  }

  async #write(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const rows = [...this.#pending.values()];
    this.#pending = new Map();
    if (rows.length === 0) return;
    try {
      await this.#options.write(rows);
    } catch (error) {
      for (const row of rows) this.add(row);
      throw error;
    }
  }
}
