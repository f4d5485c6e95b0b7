/**
 * Where the Veils of a test run log (`VEIL_TEST_LOG_DIR`, set by scripts/test.ts): each Veil at info level
 * into a file of its own, so that test/logs/no-personal-data.test.ts can read everything the run logged.
 * Without the variable (a test file run on its own), Veils stay silent as before.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';

/** The variable scripts/test.ts sets; read by the test harness only, never by src/. */
export const testLogDirVariable = 'VEIL_TEST_LOG_DIR';

let opened = 0;

/** The folder of this run's logs, if the run keeps them. */
export function testLogDir(): string | undefined {
  return process.env[testLogDirVariable] || undefined;
}

/** A new log file for one Veil (`kind`: inject or process), or undefined when the run keeps no logs. */
export function openTestLog(kind: string): WriteStream | undefined {
  const dir = testLogDir();
  if (!dir) return undefined;
  opened += 1;
  return createWriteStream(join(dir, `${kind}-${process.pid}-${opened}.log`), { flags: 'a' });
}

/** Waits until what was written reached the file. */
export function closeTestLog(log: WriteStream | undefined): Promise<void> {
  if (!log || log.closed) return Promise.resolve();
  return new Promise((resolve) => log.end(resolve));
}
