/**
 * Writes a generated world into a fresh store with bulk INSERTs: `node bench/generate-world.ts
 * [--accounts 100000] [--data DIR | --database-url URL]`. Without a store option it makes a PGlite
 * folder under the system's temp folder and prints where.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import type { StoreConfig } from '../src/config/config.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import type { Database } from '../src/db/schema.ts';
import { openStore } from '../src/db/store.ts';
import { indexEveryAccount } from '../src/directory/search-indexer.ts';
import { benchCaller, buildWorldRows, type WorldRows } from './world-rows.ts';

export interface GeneratedWorld {
  readonly store: StoreConfig;
  readonly accounts: number;
  /** Milliseconds spent building rows, and writing them (migrations included). */
  readonly buildMs: number;
  readonly writeMs: number;
  readonly rowCounts: Readonly<Record<string, number>>;
}

/** Parents before children, so foreign keys hold at every INSERT. */
const tableOrder: (keyof Database)[] = [
  'sites',
  'site_products',
  'groups',
  'organizations',
  'organization_domains',
  'accounts',
  'platform_admins',
  'organization_admins',
  'visibility_settings',
  'site_accounts',
  'site_account_products',
  'group_members',
  'api_tokens',
];

/** PostgreSQL takes at most 65,535 parameters per statement; stay well under it. */
const parametersPerStatement = 40_000;

/** Builds a world of `accounts` accounts and writes it, in one transaction, into a store with no accounts. */
export async function generateWorld(options: {
  accounts: number;
  store?: StoreConfig;
}): Promise<GeneratedWorld> {
  const config = options.store ?? { kind: 'pglite', dataDir: await mkdtemp(join(tmpdir(), 'veil-bench-')) };
  const built = performance.now();
  const rows = buildWorldRows(options.accounts);
  const buildMs = performance.now() - built;
  const store = await openStore(config);
  try {
    const written = performance.now();
    await migrateToLatest(store.db);
    const existing = await store.db.selectFrom('accounts').select('account_id').limit(1).execute();
    if (existing.length > 0) throw new Error('the store already holds accounts; give an empty one');
    await store.db.transaction().execute((trx) => insertRows(trx, rows));
    const writeMs = performance.now() - written;
    // The triggers queued every account for search; index them now, not at the first start.
    await indexEveryAccount(store.db, { batchSize: 2000 });
    const rowCounts = Object.fromEntries(tableOrder.map((table) => [table, rows[table].length]));
    return { store: config, accounts: options.accounts, buildMs, writeMs, rowCounts };
  } finally {
    await store.close();
  }
}

async function insertRows(db: Kysely<Database>, rows: WorldRows): Promise<void> {
  for (const table of tableOrder) {
    const list = rows[table] as Record<string, unknown>[];
    if (list.length === 0) continue;
    const columns = Object.keys(list[0]!).length;
    const batch = Math.max(1, Math.min(5000, Math.floor(parametersPerStatement / columns)));
    for (let start = 0; start < list.length; start += batch) {
      // rows[table] matches `table`, which Kysely cannot see through the loop variable.
      await db
        .insertInto(table)
        .values(list.slice(start, start + batch) as never)
        .execute();
    }
  }
}

function describeStore(store: StoreConfig): string {
  return store.kind === 'postgres' ? store.url.replace(/\/\/[^@]*@/, '//…@') : `PGlite in ${store.dataDir}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      accounts: { type: 'string', default: '100000' },
      data: { type: 'string' },
      'database-url': { type: 'string' },
    },
  });
  const accounts = Number(values.accounts);
  if (!Number.isInteger(accounts) || accounts < 1) throw new Error('--accounts must be a positive integer');
  const url = values['database-url'];
  const store: StoreConfig | undefined = url
    ? { kind: 'postgres', url }
    : values.data
      ? { kind: 'pglite', dataDir: values.data }
      : undefined;
  const world = await generateWorld({ accounts, ...(store ? { store } : {}) });
  process.stdout.write(
    `${world.accounts} accounts written to ${describeStore(world.store)} in ${(world.writeMs / 1000).toFixed(1)} s ` +
      `(rows built in ${(world.buildMs / 1000).toFixed(1)} s)\n` +
      `rows: ${JSON.stringify(world.rowCounts)}\n` +
      `sign in as ${benchCaller.email} with the API token ${benchCaller.token}\n`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
