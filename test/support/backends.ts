import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { openStore, type Store } from '../../src/db/store.ts';

/** A database the storage and HTTP suites run on: PGlite always, PostgreSQL when a URL is given. */
export interface TestBackend {
  readonly name: 'pglite' | 'postgres';
  /** A fresh, fully migrated database, dropped again by `close()`. */
  open(): Promise<Store>;
  /**
   * Two handles on one fresh database, as two Veil processes have: two pools on PostgreSQL; on PGlite,
   * which one process alone opens, the same store twice. Closing the first drops the database.
   */
  openPair(): Promise<[Store, Store]>;
  /**
   * Whether one process alone opens the store (PGlite): a restarted Veil then frees at once the job leases
   * of one that was killed. On PostgreSQL another process may hold them: they are taken over as they run out.
   */
  readonly exclusive: boolean;
  /** A fresh, empty store for a real `veil start` process: the arguments that choose it, and how to drop it. */
  openForProcess(): Promise<ProcessStore>;
}

/** A store as `veil start` is told of it (`--data DIR` or `--database-url URL`). */
export interface ProcessStore {
  readonly args: readonly string[];
  /** The PostgreSQL database's URL, for a test that reads the store beside the processes; null for PGlite. */
  readonly databaseUrl: string | null;
  drop(): Promise<void>;
}

async function openPgliteForProcess(): Promise<ProcessStore> {
  const folder = await mkdtemp(join(tmpdir(), 'veil-process-'));
  const drop = async () => {
    await rm(folder, { recursive: true, force: true });
    // The erasure ledger lives beside the data folder (a backup of the folder must not hold it).
    await rm(`${folder}.erasure-ledger`, { force: true });
  };
  return { args: ['--data', folder], databaseUrl: null, drop };
}

async function openPostgresForProcess(serverUrl: string): Promise<ProcessStore> {
  const database = await createPostgresDatabase(serverUrl);
  return { args: ['--database-url', database.url], databaseUrl: database.url, drop: database.drop };
}

async function openPglite(): Promise<Store> {
  const templatePath = process.env.VEIL_PGLITE_TEMPLATE;
  if (templatePath) {
    const template = new Blob([await readFile(templatePath)]);
    return openStore({ kind: 'pglite', dataDir: null }, { loadDataDir: template });
  }
  const store = await openStore({ kind: 'pglite', dataDir: null });
  await migrateToLatest(store.db);
  return store;
}

/** A new, empty database on the server: its URL, and how to drop it. */
export async function createPostgresDatabase(
  serverUrl: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `veil_test_${randomBytes(6).toString('hex')}`;
  await runOnPostgresServer(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => runOnPostgresServer(serverUrl, `drop database if exists ${name} with (force)`),
  };
}

/** Runs one statement on the server (creating or dropping a database), on a connection of its own. */
export async function runOnPostgresServer(serverUrl: string, statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}

/** A new database on the server, migrated from zero; dropped on close. */
async function openPostgres(serverUrl: string): Promise<Store> {
  const database = await createPostgresDatabase(serverUrl);
  const store = await openStore({ kind: 'postgres', url: database.url });
  await migrateToLatest(store.db);
  return {
    ...store,
    close: async () => {
      await store.close();
      await database.drop();
    },
  };
}

async function openPglitePair(): Promise<[Store, Store]> {
  const store = await openPglite();
  return [store, { ...store, close: async () => {} }];
}

async function openPostgresPair(serverUrl: string): Promise<[Store, Store]> {
  const first = await openPostgres(serverUrl);
  const url = await first.db
    .selectNoFrom(sql<string>`current_database()`.as('name'))
    .executeTakeFirstOrThrow();
  const address = new URL(serverUrl);
  address.pathname = `/${url.name}`;
  const second = await openStore({ kind: 'postgres', url: address.toString() });
  return [
    {
      ...first,
      close: async () => {
        await second.close();
        await first.close();
      },
    },
    { ...second, close: async () => {} },
  ];
}

/** The backends to run on: PGlite, and PostgreSQL when VEIL_TEST_DATABASE_URL is set. */
export function testBackends(): TestBackend[] {
  const serverUrl = process.env.VEIL_TEST_DATABASE_URL;
  return [
    {
      name: 'pglite',
      open: openPglite,
      openPair: openPglitePair,
      exclusive: true,
      openForProcess: openPgliteForProcess,
    },
    ...(serverUrl
      ? [
          {
            name: 'postgres' as const,
            open: () => openPostgres(serverUrl),
            openPair: () => openPostgresPair(serverUrl),
            exclusive: false,
            openForProcess: () => openPostgresForProcess(serverUrl),
          },
        ]
      : []),
  ];
}
