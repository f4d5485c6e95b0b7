/**
 * The readers of `veil start`'s options and environment: each takes its raw value and the list of
 * problems, adds its own there, and returns what Veil starts with (or a fallback, so that every problem
 * is found in one pass). `config.ts` composes them.
 */
import { resolve } from 'node:path';
import type { ParseArgsOptionsConfig } from 'node:util';
import { parseDuration } from '../clock/duration.ts';
import { type ArgumentValues, readArguments } from './arguments.ts';

/** Where Veil keeps its data: PGlite in a folder or in memory, or a PostgreSQL server. */
export type StoreConfig =
  | { readonly kind: 'pglite'; readonly dataDir: string | null }
  | { readonly kind: 'postgres'; readonly url: string };

/** The values `veil start` takes when an option is not given. */
export const startDefaults = {
  port: 8080,
  host: '127.0.0.1',
  dataDir: './.veil-data',
  bodyLimitBytes: 256 * 1024,
  countFlushMs: 10_000,
  sessionTtlSeconds: 8 * 60 * 60,
  logLevel: 'info',
  connectTimeoutMs: 10_000,
  deletionGracePeriod: 'P14D',
  reportingCyclePeriod: 'P15D',
  mailFrom: 'Veil <veil@localhost>',
  cacheEntries: 100_000,
  cacheMegabytes: 256,
};

/** The options `veil start` takes. */
const startOptions = {
  port: { type: 'string' },
  host: { type: 'string' },
  data: { type: 'string' },
  memory: { type: 'boolean' },
  scenario: { type: 'string' },
  'database-url': { type: 'string' },
  'log-level': { type: 'string' },
  'trust-proxy': { type: 'string' },
  'movable-clock': { type: 'boolean' },
  'deletion-grace-period': { type: 'string' },
  'reporting-cycle-period': { type: 'string' },
  'erasure-ledger': { type: 'string' },
  'erasure-rewrite': { type: 'string' },
  'smtp-url': { type: 'string' },
  'mail-from': { type: 'string' },
  'change-poll-ms': { type: 'string' },
  'change-listen': { type: 'string' },
  'change-retention': { type: 'string' },
  'cache-entries': { type: 'string' },
  'cache-mb': { type: 'string' },
} as const satisfies ParseArgsOptionsConfig;

/** The command line as `veil start` reads it; an unknown or malformed option is a problem. */
export function readStartArguments(argv: readonly string[], problems: string[]): ArgumentValues {
  return readArguments(argv, startOptions, problems);
}

/**
 * The ledger lives outside the store it protects (a backup of the store must not take it along): given,
 * or beside a PGlite folder (`./.veil-data` → `./.veil-data.erasure-ledger`).
 */
export function chooseErasureLedger(raw: string | undefined, store: StoreConfig): string | null {
  if (raw !== undefined && raw.trim() !== '') return resolve(raw);
  if (store.kind === 'pglite' && store.dataDir !== null) return `${resolve(store.dataDir)}.erasure-ledger`;
  return null;
}

/** `--smtp-url`: an `smtp://` or `smtps://` URL; empty means none. The problem never repeats the URL (it may hold a password). */
export function parseSmtpUrl(raw: string | undefined, problems: string[]): string | null {
  const trimmed = raw?.trim() ?? '';
  if (trimmed === '') return null;
  if (!/^smtps?:\/\/[^/?#\s]+/.test(trimmed) || !URL.canParse(trimmed)) {
    problems.push('--smtp-url must be a URL such as smtp://user:password@mail.example.com:587 or smtps://…');
    return null;
  }
  return trimmed;
}

/** An ISO-8601 duration option, upper-cased (`p14d` → `P14D`); a problem when it is not one. */
export function readPeriod(
  name: string,
  raw: string | undefined,
  fallback: string,
  problems: string[],
): string {
  if (raw === undefined || raw === '') return fallback;
  if (!parseDuration(raw).ok) {
    problems.push(`${name} must be an ISO-8601 duration such as P14D or PT1H, not "${raw}"`);
    return fallback;
  }
  return raw.trim().toUpperCase();
}

/** `--trust-proxy` names the proxies to believe; empty means none (the default). */
export function parseTrustProxy(raw: string | undefined): string | null {
  const trimmed = raw?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

export function parsePort(raw: string, problems: string[]): number {
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    problems.push(`--port must be a whole number from 0 to 65535, not "${raw}"`);
  }
  return port;
}

export function chooseStore(
  values: Record<string, string | boolean | undefined>,
  databaseUrl: string | undefined,
  problems: string[],
): StoreConfig {
  const chosen = [
    values.memory && '--memory',
    values.data && '--data',
    databaseUrl && '--database-url',
  ].filter(Boolean);
  if (chosen.length > 1) problems.push(`choose one store, not ${chosen.join(' and ')}`);
  if (databaseUrl) {
    if (!/^postgres(ql)?:\/\//.test(databaseUrl)) {
      problems.push('--database-url must start with postgres:// or postgresql://');
    }
    return { kind: 'postgres', url: databaseUrl };
  }
  if (values.memory) return { kind: 'pglite', dataDir: null };
  return { kind: 'pglite', dataDir: (values.data as string | undefined) ?? startDefaults.dataDir };
}

/** How many accounts the directory caches, and in how much memory (estimated), at most. */
export interface DirectoryCacheConfig {
  readonly entries: number;
  readonly megabytes: number;
}

/** `--cache-entries` and `--cache-mb`: whole numbers of at least 1. */
export function parseDirectoryCache(
  entries: string | undefined,
  megabytes: string | undefined,
  problems: string[],
): DirectoryCacheConfig {
  const read = (name: string, raw: string | undefined, fallback: number) => {
    if (raw === undefined || raw.trim() === '') return fallback;
    const value = Number(raw);
    if (Number.isSafeInteger(value) && value >= 1) return value;
    problems.push(`${name} must be a whole number of at least 1, not "${raw}"`);
    return fallback;
  };
  return Object.freeze({
    entries: read('--cache-entries', entries, startDefaults.cacheEntries),
    megabytes: read('--cache-mb', megabytes, startDefaults.cacheMegabytes),
  });
}
