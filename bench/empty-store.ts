/**
 * An empty store of the same kind as the world's, for the memory baseline: Veil started on it the same
 * way shows what a process costs with no accounts at all. Migrated, and marked as having loaded a
 * scenario so that `veil start` does not put its demo into it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { StoreConfig } from '../src/config/config.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { openStore } from '../src/db/store.ts';

export interface EmptyStore {
  readonly store: StoreConfig;
  drop(): Promise<void>;
}

/** A new PGlite folder, or (next to the world's PostgreSQL database) a new database `<name>_empty`. */
export async function createEmptyStore(like: StoreConfig): Promise<EmptyStore> {
  if (like.kind === 'postgres') return createEmptyDatabase(like.url);
  const dataDir = await mkdtemp(join(tmpdir(), 'veil-bench-empty-'));
  await prepare({ kind: 'pglite', dataDir });
  return { store: { kind: 'pglite', dataDir }, drop: () => rm(dataDir, { recursive: true }) };
}

async function createEmptyDatabase(worldUrl: string): Promise<EmptyStore> {
  const url = new URL(worldUrl);
  const name = `${decodeURIComponent(url.pathname.slice(1)) || 'postgres'}_empty`;
  const quoted = `"${name.replaceAll('"', '""')}"`;
  // Any database of the server takes `create database`; the world's is at hand.
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: worldUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`drop database if exists ${quoted} with (force)`);
  await admin(`create database ${quoted}`);
  url.pathname = `/${encodeURIComponent(name)}`;
  const store: StoreConfig = { kind: 'postgres', url: url.toString() };
  await prepare(store);
  return { store, drop: () => admin(`drop database if exists ${quoted} with (force)`) };
}

async function prepare(config: StoreConfig): Promise<void> {
  const store = await openStore(config);
  try {
    await migrateToLatest(store.db);
    await store.db
      .insertInto('scenario_loads')
      .values({ scenario_hash: 'bench-empty-store', loaded_at: new Date() })
      .execute();
  } finally {
    await store.close();
  }
}
