/**
 * The whole test suite: builds a migrated PGlite template once (each test file then starts from a copy,
 * a fresh database in a fraction of a second), and runs every test file with node's test runner.
 * With VEIL_TEST_DATABASE_URL set, the storage, HTTP, crash and browser suites also run on that PostgreSQL
 * server. The browser tests (test/pages) need Chromium: installed here when it can be, else a clear stop.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
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

const patterns = process.argv.slice(2);
const files = patterns.length > 0 ? patterns : ['src/**/*.test.ts', 'test/**/*.test.ts'];
if (files.some((file) => file.startsWith('test/**') || file.startsWith('test/pages'))) ensureChromium();
const result = spawnSync(
  process.execPath,
  ['--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
  { stdio: 'inherit', env: { ...process.env, VEIL_PGLITE_TEMPLATE: templatePath } },
);
process.exit(result.status ?? 1);
