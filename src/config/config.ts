import { fileURLToPath } from 'node:url';
import { type ChangeFollowSettings, changeFollowDefaults, parseChangeFollow } from './change-follow.ts';
import { type ErasureRewrite, parseErasureRewrite } from './erasure-rewrite.ts';
import { processSecretKey, resolveSecretKey } from './secret-key.ts';
import {
  chooseErasureLedger,
  chooseStore,
  type DirectoryCacheConfig,
  startDefaults as defaults,
  parseDirectoryCache,
  parsePort,
  parseSmtpUrl,
  parseTrustProxy,
  readPeriod,
  readStartArguments,
  type StoreConfig,
} from './start-options.ts';

export type { DirectoryCacheConfig, StoreConfig } from './start-options.ts';

/** Everything Veil is started with, parsed once and frozen. */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly store: StoreConfig;
  /** The scenario file to load; null means the demo scenario when the store is empty. */
  readonly scenarioFile: string | null;
  readonly bodyLimitBytes: number;
  /** How often uses kept in memory (API tokens' last use, profile reads) are written in a batch. */
  readonly countFlushMs: number;
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
  /** How the directory follows the change log: poll interval, LISTEN on or off, retention (see change-follow.ts). */
  readonly changes: ChangeFollowSettings;
  /**
   * The directory's bounded cache of accounts (`--cache-entries`/`VEIL_CACHE_ENTRIES`, default 100,000;
   * `--cache-mb`/`VEIL_CACHE_MB`, default 256): memory that does not grow with the accounts stored.
   */
  readonly directoryCache: DirectoryCacheConfig;
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

/** The values a test or embedding program may set directly, with defaults for the rest. */
export function createConfig(overrides: Partial<Config> = {}): Config {
  return Object.freeze({
    port: defaults.port,
    host: defaults.host,
    store: { kind: 'pglite', dataDir: null } as StoreConfig,
    scenarioFile: null,
    bodyLimitBytes: defaults.bodyLimitBytes,
    countFlushMs: defaults.countFlushMs,
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
    changes: changeFollowDefaults,
    directoryCache: { entries: defaults.cacheEntries, megabytes: defaults.cacheMegabytes },
    ...overrides,
  });
}

/** Parses `veil start` arguments and the environment; reports all problems together. */
export function parseStartConfig(argv: readonly string[], env: NodeJS.ProcessEnv): Config {
  const problems: string[] = [];
  const values = readStartArguments(argv, problems);
  const option: OptionReader = (name, variable) => (values[name] as string | undefined) ?? env[variable];
  const checked = readCheckedOptions(option, values, env.VEIL_SECRET_KEY, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  const { store } = checked;
  return Object.freeze({
    port: checked.port,
    host: option('host', 'HOST') ?? defaults.host,
    store: Object.freeze(store),
    scenarioFile: (values.scenario as string | undefined) ?? null,
    bodyLimitBytes: defaults.bodyLimitBytes,
    countFlushMs: defaults.countFlushMs,
    sessionTtlSeconds: defaults.sessionTtlSeconds,
    logLevel: option('log-level', 'LOG_LEVEL') ?? defaults.logLevel,
    connectSecretKey: checked.connectSecretKey,
    connectTimeoutMs: defaults.connectTimeoutMs,
    trustProxy: parseTrustProxy(option('trust-proxy', 'VEIL_TRUST_PROXY')),
    webRoot: defaultWebRoot,
    movableClock: values['movable-clock'] === true,
    deletionGracePeriod: checked.deletionGracePeriod,
    reportingCyclePeriod: checked.reportingCyclePeriod,
    failpoints: Object.freeze((env.VEIL_FAILPOINTS ?? '').split(',').filter((name) => name.trim() !== '')),
    erasureLedger: chooseErasureLedger(option('erasure-ledger', 'VEIL_ERASURE_LEDGER'), store),
    erasureRewrite: checked.erasureRewrite,
    smtpUrl: checked.smtpUrl,
    mailFrom: option('mail-from', 'VEIL_MAIL_FROM') ?? defaults.mailFrom,
    timeouts: timeoutDefaults,
    rateLimits: rateLimitDefaults,
    changes: checked.changes,
    directoryCache: checked.directoryCache,
  });
}

/** An option's value: the command line's, else the environment variable's. */
type OptionReader = (name: string, variable: string) => string | undefined;

/** The options that can be wrong, read in the order their problems are reported. */
function readCheckedOptions(
  option: OptionReader,
  values: Record<string, string | boolean | undefined>,
  secretKey: string | undefined,
  problems: string[],
) {
  const port = parsePort(String(option('port', 'PORT') ?? defaults.port), problems);
  const store = chooseStore(values, option('database-url', 'VEIL_DATABASE_URL'), problems);
  const connectSecretKey = resolveSecretKey(secretKey, store, problems);
  const deletionGracePeriod = readPeriod(
    '--deletion-grace-period',
    option('deletion-grace-period', 'VEIL_DELETION_GRACE_PERIOD'),
    defaults.deletionGracePeriod,
    problems,
  );
  const reportingCyclePeriod = readPeriod(
    '--reporting-cycle-period',
    option('reporting-cycle-period', 'VEIL_REPORTING_CYCLE_PERIOD'),
    defaults.reportingCyclePeriod,
    problems,
  );
  const erasureRewrite: ErasureRewrite = parseErasureRewrite(
    option('erasure-rewrite', 'VEIL_ERASURE_REWRITE'),
    problems,
  );
  const smtpUrl = parseSmtpUrl(option('smtp-url', 'VEIL_SMTP_URL'), problems);
  return {
    port,
    store,
    connectSecretKey,
    deletionGracePeriod,
    reportingCyclePeriod,
    erasureRewrite,
    smtpUrl,
    ...readScaleOptions(option, problems),
  };
}

/** How a node follows the change log, and how many accounts its directory keeps. */
function readScaleOptions(option: OptionReader, problems: string[]) {
  const changes = parseChangeFollow(
    {
      pollMs: option('change-poll-ms', 'VEIL_CHANGE_POLL_MS'),
      listen: option('change-listen', 'VEIL_CHANGE_LISTEN'),
      retention: option('change-retention', 'VEIL_CHANGE_RETENTION'),
    },
    problems,
  );
  const directoryCache = parseDirectoryCache(
    option('cache-entries', 'VEIL_CACHE_ENTRIES'),
    option('cache-mb', 'VEIL_CACHE_MB'),
    problems,
  );
  return { changes, directoryCache };
}
