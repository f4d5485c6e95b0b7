/**
 * `veil migrate-ids`: maps every row of a file to an accountId, batch by batch, recording each finished
 * batch in a journal before going on; once every batch is done, writes the output (atomically) and
 * drops the journal. Stopping (SIGINT) lets the batches under way finish and be recorded, so a rerun of
 * the same command does no row twice.
 */
import { createHash } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import type { MigrateIdKind, MigrateIdsConfig } from '../config/migrate-ids.config.ts';
import { formatIdTable, type IdTable, kindOfColumn, readIdTable, valuesOf } from './id-table.ts';
import { isJournalOf, Journal, type JournalHeader, readJournal } from './journal.ts';
import type { ProgressBar } from './progress.ts';
import type { SiteLookup } from './site-lookup.ts';

export interface MigrateIdsRun {
  readonly config: MigrateIdsConfig;
  readonly lookup: SiteLookup;
  readonly progress: (total: number) => ProgressBar;
  /** True once the run should stop taking new batches. */
  readonly stopping: () => boolean;
  readonly log: (line: string) => void;
}

export interface MigrateIdsSummary {
  readonly rows: number;
  readonly mapped: number;
  readonly unmapped: readonly { row: number; value: string }[];
  /** Rows this run looked up (the rest were done by an earlier run, or are empty). */
  readonly lookedUp: number;
  readonly resumedFrom: number;
  readonly interrupted: boolean;
}

/** Thrown for a problem the user must fix (a bad input, a journal of another input). */
export class MigrateIdsError extends Error {}

async function loadTable(config: MigrateIdsConfig): Promise<{ table: IdTable; text: string }> {
  const text = await readFile(config.inputFile, 'utf8').catch((error: Error) => {
    throw new MigrateIdsError(`cannot read ${config.inputFile}: ${error.message}`);
  });
  const format = config.inputFile.toLowerCase().endsWith('.json') ? 'json' : 'csv';
  try {
    return { table: readIdTable(text, format, config.column), text };
  } catch (error) {
    throw new MigrateIdsError(`${config.inputFile}: ${(error as Error).message}`);
  }
}

/** The journal to continue (its finished batches), or a fresh one. */
async function openJournal(config: MigrateIdsConfig, header: JournalHeader, log: (line: string) => void) {
  const existing = config.restart ? null : await readJournal(config.journalFile);
  if (existing && !isJournalOf(existing.header, header)) {
    throw new MigrateIdsError(
      `${config.journalFile} belongs to another input, site or batch size; run with --restart to start over`,
    );
  }
  const done = existing?.batches ?? new Map<number, (string | null)[]>();
  if (existing)
    log(`resuming: ${done.size} of ${Math.ceil(header.rows / header.batchSize)} batches were done`);
  return { journal: await Journal.open(config.journalFile, header, existing === null), done };
}

/** The accountIds of one batch of values, each looked up as its kind says. */
async function mapBatch(lookup: SiteLookup, values: readonly string[], kind: MigrateIdKind) {
  const kindOf = (value: string) => (kind !== 'auto' ? kind : value.includes('@') ? 'email' : 'username');
  const results: (string | null)[] = values.map(() => null);
  const rowsOf = (wanted: string) =>
    values.flatMap((value, row) => (value !== '' && kindOf(value) === wanted ? [row] : []));
  const byName = async (rows: number[], by: 'username' | 'key') => {
    const found = await lookup.mapNames(
      by,
      rows.map((row) => values[row]!),
    );
    for (const row of rows)
      results[row] = found.get(by === 'username' ? values[row]!.toLowerCase() : values[row]!) ?? null;
  };
  await byName(rowsOf('username'), 'username');
  await byName(rowsOf('key'), 'key');
  // Auto: a value that is no one's username may be someone's key.
  if (kind === 'auto')
    await byName(
      rowsOf('username').filter((row) => results[row] === null),
      'key',
    );
  const emails = rowsOf('email');
  for (let start = 0; start < emails.length; start += 4) {
    await Promise.all(
      emails.slice(start, start + 4).map(async (row) => {
        results[row] = await lookup.mapEmail(values[row]!);
      }),
    );
  }
  return results;
}

/** Runs (or resumes) the mapping; writes the output once every row is done. */
export async function runMigrateIds(run: MigrateIdsRun): Promise<MigrateIdsSummary> {
  const { config } = run;
  const { table, text } = await loadTable(config);
  const values = valuesOf(table);
  const kind = config.kind ?? kindOfColumn(table);
  const header: JournalHeader = {
    version: 1,
    input: createHash('sha256').update(text).digest('hex'),
    site: config.siteUrl,
    rows: values.length,
    batchSize: config.batchSize,
  };
  const { journal, done } = await openJournal(config, header, run.log);
  const batches = Math.ceil(values.length / config.batchSize);
  const rowsOfBatch = (batch: number) => Math.min(config.batchSize, values.length - batch * config.batchSize);
  const tally: Tally = {
    doneRows: [...done.keys()].reduce((sum, batch) => sum + rowsOfBatch(batch), 0),
    mapped: [...done.values()].reduce((sum, ids) => sum + mappedOf(ids), 0),
  };
  const resumedFrom = tally.doneRows;
  const progress = run.progress(values.length);
  progress.update(tally.doneRows, tally.mapped);
  const pending = Array.from({ length: batches }, (_, batch) => batch).filter((batch) => !done.has(batch));
  await mapPendingBatches(run, { values, kind, journal, done, pending, tally, progress });
  progress.update(tally.doneRows, tally.mapped, true);
  const interrupted = done.size < batches;
  const { doneRows, mapped } = tally;
  const summary = { rows: values.length, mapped, lookedUp: doneRows - resumedFrom, resumedFrom, interrupted };
  if (interrupted) return { ...summary, unmapped: [] };
  const accountIds = Array.from({ length: batches }, (_, batch) => done.get(batch) ?? []).flat();
  await writeAtomically(config.outputFile, formatIdTable(table, accountIds));
  await rm(config.journalFile, { force: true });
  const unmapped = values.flatMap((value, row) => (accountIds[row] == null ? [{ row: row + 1, value }] : []));
  return { ...summary, unmapped };
}

/** The rows done so far (resumed ones included), and how many of them found an account. */
interface Tally {
  doneRows: number;
  mapped: number;
}

const mappedOf = (ids: readonly (string | null)[]) => ids.filter((id) => id !== null).length;

/** What the workers share: the input, the journal, the batches done and still to do, and the counts. */
interface BatchWork {
  readonly values: readonly string[];
  readonly kind: MigrateIdKind;
  readonly journal: Journal;
  readonly done: Map<number, (string | null)[]>;
  readonly pending: number[];
  readonly tally: Tally;
  readonly progress: ProgressBar;
}

/** Maps the pending batches, `concurrency` at a time, recording each in the journal; stops when asked. */
async function mapPendingBatches(run: MigrateIdsRun, work: BatchWork): Promise<void> {
  const { config, lookup } = run;
  const { values, kind, journal, done, pending, tally, progress } = work;
  let failed = false;
  const worker = async () => {
    for (
      let batch = pending.shift();
      batch !== undefined && !failed && !run.stopping();
      batch = pending.shift()
    ) {
      const from = batch * config.batchSize;
      const ids = await mapBatch(lookup, values.slice(from, from + config.batchSize), kind);
      await journal.record(batch, ids);
      done.set(batch, ids);
      tally.doneRows += ids.length;
      tally.mapped += mappedOf(ids);
      progress.update(tally.doneRows, tally.mapped);
    }
  };
  // A failing batch stops the others from starting new ones; those under way finish and are recorded.
  const outcomes = await Promise.allSettled(
    Array.from({ length: config.concurrency }, () =>
      worker().catch((error: unknown) => {
        failed = true;
        throw error;
      }),
    ),
  );
  await journal.close();
  const failure = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failure) throw failure.reason;
}

async function writeAtomically(path: string, content: string): Promise<void> {
  const draft = `${path}.${process.pid}.tmp`;
  await writeFile(draft, content, 'utf8');
  await rename(draft, path);
}
