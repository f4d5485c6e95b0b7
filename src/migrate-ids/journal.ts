/**
 * The journal of a `veil migrate-ids` run: a header naming the input (its SHA-256) and the batch size,
 * then one line per finished batch with its accountIds, each written and synced before the run goes
 * on. An interrupted run leaves it behind; the next run with the same input skips what it lists.
 */
import { existsSync } from 'node:fs';
import { type FileHandle, open, readFile, rm } from 'node:fs/promises';

export interface JournalHeader {
  readonly version: 1;
  readonly input: string;
  readonly site: string;
  readonly rows: number;
  readonly batchSize: number;
}

/** What a journal holds: its header and the finished batches, by index. */
export interface JournalContents {
  readonly header: JournalHeader;
  readonly batches: Map<number, (string | null)[]>;
}

/** Reads a journal; null when there is none. A torn last line (a run killed mid-write) is ignored. */
export async function readJournal(path: string): Promise<JournalContents | null> {
  if (!existsSync(path)) return null;
  const [first, ...lines] = (await readFile(path, 'utf8')).split('\n');
  if (!first) return null;
  const header = JSON.parse(first) as JournalHeader;
  const batches = new Map<number, (string | null)[]>();
  for (const line of lines) {
    if (line === '') continue;
    try {
      const entry = JSON.parse(line) as { batch: number; accountIds: (string | null)[] };
      batches.set(entry.batch, entry.accountIds);
    } catch {
      // Only the last line can be torn, and its batch is simply done again.
    }
  }
  return { header, batches };
}

/** Whether a journal belongs to this input, on this site, in batches of this size. */
export function isJournalOf(header: JournalHeader, expected: JournalHeader): boolean {
  return (
    header.version === expected.version &&
    header.input === expected.input &&
    header.site === expected.site &&
    header.rows === expected.rows &&
    header.batchSize === expected.batchSize
  );
}

/** An open journal that batches are appended to. */
export class Journal {
  readonly #file: FileHandle;
  #writing: Promise<void> = Promise.resolve();

  private constructor(file: FileHandle) {
    this.#file = file;
  }

  /** Opens the journal for appending; a new one starts with its header. */
  static async open(path: string, header: JournalHeader, fresh: boolean): Promise<Journal> {
    if (fresh) await rm(path, { force: true });
    const file = await open(path, 'a');
    const journal = new Journal(file);
    if (fresh) await journal.#write(`${JSON.stringify(header)}\n`);
    return journal;
  }

  /** Records a finished batch durably (written and synced) before returning. */
  record(batch: number, accountIds: readonly (string | null)[]): Promise<void> {
    return this.#write(`${JSON.stringify({ batch, accountIds })}\n`);
  }

  #write(line: string): Promise<void> {
    // One line at a time, so concurrent batches never interleave their bytes.
    this.#writing = this.#writing.then(async () => {
      await this.#file.appendFile(line, 'utf8');
      await this.#file.datasync();
    });
    return this.#writing;
  }

  async close(): Promise<void> {
    await this.#writing.catch(() => {});
    await this.#file.close();
  }
}
