import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseDuration } from '../clock/duration.ts';
import { type ErasureRewrite, parseErasureRewrite } from './erasure-rewrite.ts';

/** Where Veil keeps its data: PGlite in a folder or in memory, or a PostgreSQL server. */
export type StoreConfig =
  | { readonly kind: 'pglite'; readonly dataDir: string | null }
  | { readonly kind: 'postgres'; readonly url: string };

/** Everything Veil is started with, parsed once and frozen. */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly store: StoreConfig;
  /** The scenario file to load; null means the demo scenario when the store is empty. */
  readonly scenarioFile: string | null;
  readonly bodyLimitBytes: number;
  readonly sessionTtlSeconds: number;
  readonly logLevel: string;
  /** The AES-256 key (32 bytes) that seals Connect shared secrets and signing keys at rest. */
  readonly connectSecretKey: Buffer;
  /** How long Veil waits for a Connect app (descriptor, lifecycle callback) before giving up. */
  readonly connectTimeoutMs: number;
  /**
   * The proxies whose `X-Forwarded-Proto`/`-For`/`-Host` Veil believes (addresses, subnets or names such as
   * `loopback`, as proxy-addr reads them); null trusts none, so a client cannot claim TLS it did not use.
   */
  readonly trustProxy: string | null;
  /** The folder of the built pages (`web/dist`); the pages answer with a notice when it holds no build. */
  readonly webRoot: string;
  /** Whether the clock can be moved forward through `POST /veil/v1/clock/advance` (`--movable-clock`). */
  readonly movableClock: boolean;
  /** How long a requested deletion waits before the erasure runs (ISO-8601 duration, `P14D`). */
  readonly deletionGracePeriod: string;
  /** How often apps report the accounts they store, and the least time between two reports of one account. */
  readonly reportingCyclePeriod: string;
  /**
   * Crash points for tests of durability (`VEIL_FAILPOINTS=erasure.before-commit`): the process kills
   * itself with SIGKILL there. Empty unless set.
   */
  readonly failpoints: readonly string[];
  /**
   * The erasure ledger (`--erasure-ledger FILE`): an append-only file outside the store listing the
   * erased accountIds, re-applied at start to a restored backup. Beside a PGlite folder by default
   * (`<folder>.erasure-ledger`); none for a memory store, nor on PostgreSQL unless given.
   */
  readonly erasureLedger: string | null;
  /** Whether erasures are rewritten on disk by Veil or left to the operator (`--erasure-rewrite`). */
  readonly erasureRewrite: ErasureRewrite;
  /**
   * The SMTP server mail leaves through (`--smtp-url smtp://user:pass@host:587`, or `VEIL_SMTP_URL`); null
   * keeps mail in the outbox in the store, where platform admins read it.
   */
  readonly smtpUrl: string | null;
  /** The sender of Veil's mail (`--mail-from`). */
  readonly mailFrom: string;
  /** How long a client has to send a request, and how long an idle connection is kept (see `timeouts`). */
  readonly timeouts: ServerTimeouts;
  /** How many requests each kind of caller may send (see `rateLimitDefaults`); scenarios may lower them. */
  readonly rateLimits: RateLimitSettings;
}

/**
 * Node's HTTP server timeouts, in milliseconds: nothing a client sends (or fails to send) holds a
 * connection for longer. `headersMs` ≤ `requestMs`; `checkIntervalMs` is how often Node looks for
 * requests past the first two (a late one is cut off at most that much later).
 */
export interface ServerTimeouts {
  /** From the connection's first byte to the end of the request headers. */
  readonly headersMs: number;
  /** The whole request, headers and body, from its first byte. */
  readonly requestMs: number;
  /** How long a keep-alive connection may wait, idle, for its next request. */
  readonly keepAliveMs: number;
  /** A socket on which nothing at all happens for this long is closed. */
  readonly idleSocketMs: number;
  readonly checkIntervalMs: number;
}

/** A request budget: at most `max` requests in each window of `windowMs` milliseconds. */
export interface RateBudget {
  readonly max: number;
  readonly windowMs: number;
}

/**
 * The budgets Veil applies unless a scenario gives a site or an app its own: every caller's requests
 * (per person, per app install, per anonymous address), and failed sign-ins and authentications (per
 * address and per account), after which credentials are not even checked until the window passes.
 */
export interface RateLimitSettings {
  readonly requests: RateBudget;
  /** Requests to the JQL routes (each may carry 100 queries to parse), per caller, besides `requests`. */
  readonly jql: RateBudget;
  readonly authFailuresPerAddress: RateBudget;
  readonly authFailuresPerAccount: RateBudget;
}

/** Thrown with every problem in the arguments and environment at once. */
export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Veil cannot start:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = problems;
  }
}

const defaults = {
  port: 8080,
  host: '127.0.0.1',
  dataDir: './.veil-data',
  bodyLimitBytes: 256 * 1024,
  sessionTtlSeconds: 8 * 60 * 60,
  logLevel: 'info',
  connectTimeoutMs: 10_000,
  deletionGracePeriod: 'P14D',
  reportingCyclePeriod: 'P15D',
  mailFrom: 'Veil <veil@localhost>',
};

/** Production timeouts: generous for a real client on a slow link, short for one that trickles. */
export const timeoutDefaults: ServerTimeouts = Object.freeze({
  headersMs: 10_000,
  requestMs: 30_000,
  keepAliveMs: 5_000,
  idleSocketMs: 60_000,
  checkIntervalMs: 1_000,
});

/**
 * Generous for requests: a last guard against a runaway client, which neither the test suite nor the
 * benchmark (one caller at ~30,000 reads a second for a few seconds) come near; a scenario sets a site's
 * or an app's own, lower budget to see a 429. Tighter for the JQL routes, whose every call may parse
 * 100 queries (30 calls in 10 s still convert 3,000 saved filters). Strict for failed credentials.
 */
export const rateLimitDefaults: RateLimitSettings = Object.freeze({
  requests: Object.freeze({ max: 1_000_000, windowMs: 60_000 }),
  jql: Object.freeze({ max: 30, windowMs: 10_000 }),
  authFailuresPerAddress: Object.freeze({ max: 50, windowMs: 5 * 60_000 }),
  authFailuresPerAccount: Object.freeze({ max: 10, windowMs: 5 * 60_000 }),
});

const defaultWebRoot = fileURLToPath(new URL('../../web/dist', import.meta.url));

const secretKeyFileName = 'veil-secret.key';
// Memory stores and tests get a key of their own process: their sealed secrets die with them anyway.
const processSecretKey = randomBytes(32);

/** The values a test or embedding program may set directly, with defaults for the rest. */
export function createConfig(overrides: Partial<Config> = {}): Config {
  return Object.freeze({
    port: defaults.port,
    host: defaults.host,
    store: { kind: 'pglite', dataDir: null } as StoreConfig,
    scenarioFile: null,
    bodyLimitBytes: defaults.bodyLimitBytes,
    sessionTtlSeconds: defaults.sessionTtlSeconds,
    logLevel: 'silent',
    connectSecretKey: processSecretKey,
    connectTimeoutMs: defaults.connectTimeoutMs,
    trustProxy: null,
    webRoot: defaultWebRoot,
    movableClock: false,
    deletionGracePeriod: defaults.deletionGracePeriod,
    reportingCyclePeriod: defaults.reportingCyclePeriod,
    failpoints: [],
    erasureLedger: null,
    erasureRewrite: 'full',
    smtpUrl: null,
    mailFrom: defaults.mailFrom,
    timeouts: timeoutDefaults,
    rateLimits: rateLimitDefaults,
    ...overrides,
  });
}

/** Parses `veil start` arguments and the environment; reports all problems together. */
export function parseStartConfig(argv: readonly string[], env: NodeJS.ProcessEnv): Config {
  const problems: string[] = [];
  let values: Record<string, string | boolean | undefined> = {};
  try {
    values = parseArgs({
      args: [...argv],
      options: {
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
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    problems.push((error as Error).message);
  }
  const port = parsePort(String(values.port ?? env.PORT ?? defaults.port), problems);
  const databaseUrl = (values['database-url'] as string | undefined) ?? env.VEIL_DATABASE_URL;
  const store = chooseStore(values, databaseUrl, problems);
  const connectSecretKey = resolveSecretKey(env.VEIL_SECRET_KEY, store, problems);
  const deletionGracePeriod = readPeriod(
    '--deletion-grace-period',
    (values['deletion-grace-period'] as string | undefined) ?? env.VEIL_DELETION_GRACE_PERIOD,
    defaults.deletionGracePeriod,
    problems,
  );
  const reportingCyclePeriod = readPeriod(
    '--reporting-cycle-period',
    (values['reporting-cycle-period'] as string | undefined) ?? env.VEIL_REPORTING_CYCLE_PERIOD,
    defaults.reportingCyclePeriod,
    problems,
  );
  const erasureRewrite = parseErasureRewrite(
    (values['erasure-rewrite'] as string | undefined) ?? env.VEIL_ERASURE_REWRITE,
    problems,
  );
  const smtpUrl = parseSmtpUrl((values['smtp-url'] as string | undefined) ?? env.VEIL_SMTP_URL, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({
    port,
    host: (values.host as string | undefined) ?? env.HOST ?? defaults.host,
    store: Object.freeze(store),
    scenarioFile: (values.scenario as string | undefined) ?? null,
    bodyLimitBytes: defaults.bodyLimitBytes,
    sessionTtlSeconds: defaults.sessionTtlSeconds,
    logLevel: (values['log-level'] as string | undefined) ?? env.LOG_LEVEL ?? defaults.logLevel,
    connectSecretKey,
    connectTimeoutMs: defaults.connectTimeoutMs,
    trustProxy: parseTrustProxy((values['trust-proxy'] as string | undefined) ?? env.VEIL_TRUST_PROXY),
    webRoot: defaultWebRoot,
    movableClock: values['movable-clock'] === true,
    deletionGracePeriod,
    reportingCyclePeriod,
    failpoints: Object.freeze((env.VEIL_FAILPOINTS ?? '').split(',').filter((name) => name.trim() !== '')),
    erasureLedger: chooseErasureLedger(
      (values['erasure-ledger'] as string | undefined) ?? env.VEIL_ERASURE_LEDGER,
      store,
    ),
    erasureRewrite,
    smtpUrl,
    mailFrom: (values['mail-from'] as string | undefined) ?? env.VEIL_MAIL_FROM ?? defaults.mailFrom,
    timeouts: timeoutDefaults,
    rateLimits: rateLimitDefaults,
  });
}

/**
 * The ledger lives outside the store it protects (a backup of the store must not take it along): given,
 * or beside a PGlite folder (`./.veil-data` → `./.veil-data.erasure-ledger`).
 */
function chooseErasureLedger(raw: string | undefined, store: StoreConfig): string | null {
  if (raw !== undefined && raw.trim() !== '') return resolve(raw);
  if (store.kind === 'pglite' && store.dataDir !== null) return `${resolve(store.dataDir)}.erasure-ledger`;
  return null;
}

/** `--smtp-url`: an `smtp://` or `smtps://` URL; empty means none. The problem never repeats the URL (it may hold a password). */
function parseSmtpUrl(raw: string | undefined, problems: string[]): string | null {
  const trimmed = raw?.trim() ?? '';
  if (trimmed === '') return null;
  if (!/^smtps?:\/\/[^/?#\s]+/.test(trimmed) || !URL.canParse(trimmed)) {
    problems.push('--smtp-url must be a URL such as smtp://user:password@mail.example.com:587 or smtps://…');
    return null;
  }
  return trimmed;
}

/** An ISO-8601 duration option, upper-cased (`p14d` → `P14D`); a problem when it is not one. */
function readPeriod(name: string, raw: string | undefined, fallback: string, problems: string[]): string {
  if (raw === undefined || raw === '') return fallback;
  if (!parseDuration(raw).ok) {
    problems.push(`${name} must be an ISO-8601 duration such as P14D or PT1H, not "${raw}"`);
    return fallback;
  }
  return raw.trim().toUpperCase();
}

/** `--trust-proxy` names the proxies to believe; empty means none (the default). */
function parseTrustProxy(raw: string | undefined): string | null {
  const trimmed = raw?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

/**
 * The key that seals secrets at rest: `VEIL_SECRET_KEY` (64 hex digits or base64 of 32 bytes); else the
 * key file in the data folder, created on first start, so that a restart (or a second process on the same
 * PostgreSQL, started from the same folder) can still open what the first sealed; a memory store's is new
 * in every process.
 */
function resolveSecretKey(raw: string | undefined, store: StoreConfig, problems: string[]): Buffer {
  if (raw !== undefined && raw !== '') {
    const key = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
    if (key.length !== 32) problems.push('VEIL_SECRET_KEY must be 64 hex digits or the base64 of 32 bytes');
    return key;
  }
  if (store.kind === 'pglite' && store.dataDir === null) return processSecretKey;
  const folder = store.kind === 'pglite' && store.dataDir !== null ? store.dataDir : defaults.dataDir;
  try {
    return readOrCreateKeyFile(join(folder, secretKeyFileName));
  } catch (error) {
    problems.push(`the secret key file in ${folder} cannot be used: ${(error as Error).message}`);
    return processSecretKey;
  }
}

function readOrCreateKeyFile(path: string): Buffer {
  mkdirSync(dirname(path), { recursive: true });
  // Written aside, then linked into place: of two processes starting together, one key wins whole.
  const draft = `${path}.${process.pid}.tmp`;
  writeFileSync(draft, randomBytes(32).toString('hex'), { mode: 0o600 });
  try {
    linkSync(draft, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(draft);
  }
  const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'hex');
  if (key.length !== 32) throw new Error(`${path} does not hold 64 hex digits`);
  return key;
}

function parsePort(raw: string, problems: string[]): number {
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    problems.push(`--port must be a whole number from 0 to 65535, not "${raw}"`);
  }
  return port;
}

function chooseStore(
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
  return { kind: 'pglite', dataDir: (values.data as string | undefined) ?? defaults.dataDir };
}
