import { setTimeout as sleep } from 'node:timers/promises';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { StoreConfig } from '../config/config.ts';
import { secureDataDir } from './data-dir.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import type { Database } from './schema.ts';

/** An open store: the Kysely handle Veil queries through, and how to close it. */
export interface Store {
  readonly db: Kysely<Database>;
  readonly kind: StoreConfig['kind'];
  /** Calls `onPayload` for every NOTIFY on `channel`, from any process on the same database. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

// timestamptz and timestamp come back as Date on both backends; bigint counts as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/** Opens PGlite (in a folder or in memory) or a PostgreSQL pool, as the config says. */
export async function openStore(config: StoreConfig, options: { loadDataDir?: Blob } = {}): Promise<Store> {
  if (config.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: config.url, max: 10 });
    // An idle connection that the server closes is replaced by the pool; the next query that needs
    // one reports any real outage. Without a listener the error would end the process.
    pool.on('error', () => {});
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      kind: 'postgres',
      listen: (channel, onPayload) => listenOnServer(config.url, channel, onPayload),
      close: () => db.destroy(),
    };
  }
  const { dataDir } = config;
  // Closed to others before PGlite unpacks anything into it, then everything in it made the owner's.
  if (dataDir) await secureDataDir(dataDir);
  const pglite = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    parsers: { 20: (value: string) => Number(value) },
  });
  if (dataDir) await secureDataDir(dataDir);
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    kind: 'pglite',
    listen: async (channel, onPayload) => {
      const unlisten = await pglite.listen(channel, onPayload);
      return () => unlisten();
    },
    close: async () => {
      // A clean stop leaves the table and index files whole (not only the write-ahead log): a copy of
      // the stopped folder is a backup, and an erasure's rewrite is in the files it claims.
      if (dataDir) await sql`checkpoint`.execute(db);
      await db.destroy();
      await pglite.close();
      if (dataDir) await secureDataDir(dataDir);
    },
  };
}

/** What a listener hears after its connection was lost and made again: notifications may be missing. */
export const resyncPayload = 'resync:';

/** The `application_name` of the connection that LISTENs on PostgreSQL. */
export const listenerApplicationName = 'veil-listener';

/**
 * A dedicated connection that LISTENs; notifications arrive in commit order. If the connection is lost,
 * it is made again (every half second until it works) and `resyncPayload` tells the listener that it
 * may have missed changes.
 */
async function listenOnServer(url: string, channel: string, onPayload: (payload: string) => void) {
  let client: pg.Client | null = null;
  let closed = false;
  const connect = async () => {
    // Named, so an operator (or a test, with pg_terminate_backend) can find the listening connection.
    const next = new pg.Client({ connectionString: url, application_name: listenerApplicationName });
    next.on('notification', (message) => {
      if (message.channel === channel) onPayload(message.payload ?? '');
    });
    next.on('error', () => {});
    next.on('end', () => {
      if (!closed) void reconnect();
    });
    await next.connect();
    await next.query(`listen ${pg.escapeIdentifier(channel)}`);
    client = next;
  };
  const reconnect = async () => {
    while (!closed) {
      await sleep(500);
      try {
        await connect();
        onPayload(resyncPayload);
        return;
      } catch {
        // The server is still away; try again.
      }
    }
  };
  await connect();
  return async () => {
    closed = true;
    await client?.end();
  };
}
