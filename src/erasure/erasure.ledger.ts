/**
 * The erasure ledger: an append-only file, outside the store it protects, with one line per erasure,
 * `<storeId> <accountId>`. It holds accountIds only (and the store's random identity), never a personal
 * value. A backup of the store does not take it along, so after a backup is restored the ledger still
 * names every erasure made since, and Veil re-applies them at start (erasure.restore.ts).
 */
import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';

const ledgerLine = /^([A-Za-z0-9-]{1,64}) ([A-Za-z0-9:-]{1,128})$/;

/** One line of the ledger. */
export function formatLedgerLine(storeId: string, accountId: string): string {
  if (!ledgerLine.test(`${storeId} ${accountId}`)) throw new Error('not a store id and an accountId');
  return `${storeId} ${accountId}\n`;
}

/**
 * The accountIds the ledger lists for the store. Lines of other stores (a ledger may serve several, or
 * outlive a store) are not this store's; a line cut short by a crash during an append is skipped.
 */
export function parseLedger(text: string, storeId: string): Set<string> {
  const accountIds = new Set<string>();
  const lines = text.split('\n');
  // The text after the last newline is a line whose append never finished.
  for (const line of lines.slice(0, -1)) {
    const match = ledgerLine.exec(line);
    if (match?.[1] === storeId && match[2]) accountIds.add(match[2]);
  }
  return accountIds;
}

/** Reads the ledger's entries for the store; a ledger not written yet has none. */
export async function readLedger(path: string, storeId: string): Promise<Set<string>> {
  try {
    return parseLedger(await readFile(path, 'utf8'), storeId);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Set();
    throw error;
  }
}

/** Appends the erasures and waits until they are on disk; the file is the owner's alone (0600). */
export async function appendToLedger(
  path: string,
  storeId: string,
  accountIds: readonly string[],
): Promise<void> {
  if (accountIds.length === 0) return;
  const text = accountIds.map((accountId) => formatLedgerLine(storeId, accountId)).join('');
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const file = await open(path, 'a+', 0o600);
  try {
    // A line an earlier append left unfinished (a full disk) is closed with a mark that no entry can
    // hold, so neither it nor this append's first entry is read as something else.
    const { size } = await file.stat();
    const last = Buffer.alloc(1);
    if (size > 0) await file.read(last, 0, 1, size - 1);
    const repair = size > 0 && last[0] !== 0x0a ? '!\n' : '';
    await file.appendFile(repair + text);
    await file.chmod(0o600);
    await file.sync();
  } finally {
    await file.close();
  }
}
