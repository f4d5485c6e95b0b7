/**
 * The whole test suite: builds a migrated PGlite template once (each test file then starts from a copy,
 * a fresh database in a fraction of a second), and runs every test file with node's test runner.
 * With VEIL_TEST_DATABASE_URL set, the storage, HTTP, crash and browser suites also run on that PostgreSQL
 * server. The browser tests (test/pages) need Chromium: installed here when it can be, else a clear stop.
 * Every Veil of the run logs at info level into a folder of its own (VEIL_TEST_LOG_DIR); when the run
 * includes test/logs/no-personal-data.test.ts, that file runs last, alone, and reads all of it.
 */
import { spawnSync } from 'node:child_process';
import { globSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import { migrateToLatest } from '../src/db/migrate.ts';
import { PGliteDialect } from '../src/db/pglite-dialect.ts';
import type { Database } from '../src/db/schema.ts';
import { ensureChromium } from './ensure-chromium.ts';

const workDir = join(process.cwd(), '.veil-test');
await mkdir(workDir, { recursive: true });
const templatePath = join(workDir, 'pglite-template.tar.gz');

const pglite = await PGlite.create();
const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
await migrateToLatest(db);
const dump = await pglite.dumpDataDir('gzip');
await writeFile(templatePath, Buffer.from(await dump.arrayBuffer()));
await pglite.close();

const logDir = join(workDir, 'logs');
await rm(logDir, { recursive: true, force: true });
await mkdir(logDir, { recursive: true });

const patterns = process.argv.slice(2);
const files = patterns.length > 0 ? patterns : ['src/**/*.test.ts', 'test/**/*.test.ts'];
if (files.some((file) => file.startsWith('test/**') || file.startsWith('test/pages'))) ensureChromium();
// The scan of the logs reads what every other file logged, so it runs after them, on its own.
const logScan = 'test/logs/no-personal-data.test.ts';
const unmatched = files.filter((pattern) => globSync(pattern).length === 0);
if (unmatched.length > 0) {
  console.error(`No test file matches ${unmatched.join(', ')}`);
  process.exit(1);
}
const selected = [...new Set(files.flatMap((pattern) => globSync(pattern)))];
const scansLogs = selected.includes(logScan);
const env = { ...process.env, VEIL_PGLITE_TEMPLATE: templatePath, VEIL_TEST_LOG_DIR: logDir };
const run = (testFiles: readonly string[]) =>
  spawnSync(process.execPath, ['--test', '--test-concurrency=2', '--test-reporter=spec', ...testFiles], {
    stdio: 'inherit',
    env,
  }).status ?? 1;
const others = selected.filter((file) => file !== logScan);
const status = others.length > 0 ? run(others) : 0;
const scanStatus = scansLogs ? run([logScan]) : 0;
process.exit(status || scanStatus);
