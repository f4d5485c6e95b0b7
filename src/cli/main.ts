import { type Config, ConfigError, parseStartConfig } from '../config/config.ts';
import { isVeilError } from '../errors/veil-error.ts';
import { describeErrorForLog } from '../http/logging.ts';
import { runMigrateIdsCommand } from './migrate-ids.ts';
import { startVeil } from './start.ts';

const usage = `Usage:
  veil start [--port N] [--host H] [--data DIR | --memory | --database-url URL] [--scenario FILE]
             [--trust-proxy LIST] [--movable-clock]
             [--deletion-grace-period P14D] [--reporting-cycle-period P15D] [--erasure-ledger FILE]
             [--erasure-rewrite full|off] [--cache-entries N] [--cache-mb N]

  --port N            port to listen on (default 8080, or PORT)
  --host H            address to listen on (default 127.0.0.1)
  --data DIR          keep the embedded store (PGlite) in DIR (default ./.veil-data)
  --memory            keep the embedded store in memory only
  --database-url URL  use a PostgreSQL server instead (or VEIL_DATABASE_URL)
  --scenario FILE     load this scenario file (without it, the demo scenario fills an empty store)
  --trust-proxy LIST  believe X-Forwarded-Proto/-For from these proxies (addresses, subnets or
                      "loopback"; or VEIL_TRUST_PROXY); without it no forwarded header is believed
  --movable-clock     let POST /veil/v1/clock/advance move Veil's clock forward (for testing apps)
  --deletion-grace-period D   how long a requested deletion can be cancelled (ISO-8601, default P14D)
  --reporting-cycle-period D  how often apps report stored accounts (ISO-8601, default P15D)
  --erasure-ledger FILE       the erased accountIds, kept outside the store and re-applied at start
                      to a restored backup (or VEIL_ERASURE_LEDGER; default DIR.erasure-ledger beside
                      --data DIR; none on PostgreSQL unless given)
  --erasure-rewrite M         full (default): after an erasure, rewrite the tables it changed on disk
                      (VACUUM FULL; each table is locked while it is copied); off: leave that to the
                      operator (or VEIL_ERASURE_REWRITE)
  --cache-entries N   accounts each process keeps in its cache, at most (or VEIL_CACHE_ENTRIES;
                      default 100000)
  --cache-mb N        memory the cached accounts may take, estimated (or VEIL_CACHE_MB; default 256)

  veil migrate-ids --site URL --input FILE --output FILE [--email E --token T] [...]
                      map usernames, keys or emails to accountIds (veil migrate-ids --help)`;

function describeStore(config: ReturnType<typeof parseStartConfig>): string {
  if (config.store.kind === 'postgres') return 'PostgreSQL';
  return config.store.dataDir ? `PGlite in ${config.store.dataDir}` : 'PGlite in memory';
}

/** What the operator should know of erasures and the disk: re-applied ones, and what is not done. */
function describeErasureOnDisk(config: Config, reapplied: number): string[] {
  const lines: string[] = [];
  if (reapplied > 0)
    lines.push(`Erased again ${reapplied} accounts that the erasure ledger names (a restored backup).`);
  if (config.erasureLedger === null && config.store.kind === 'postgres')
    lines.push(
      'No --erasure-ledger: a restored backup of this database will not have its erasures re-applied.',
    );
  if (config.erasureRewrite === 'off')
    lines.push('--erasure-rewrite off: erased rows stay in the data files until the tables are rewritten.');
  return lines;
}

async function runStart(argv: readonly string[]): Promise<void> {
  const config = parseStartConfig(argv, process.env);
  const veil = await startVeil(config);
  const lines = [`Veil is listening on ${veil.url} (store: ${describeStore(config)})`];
  if (veil.scenario?.loaded) {
    lines.push(`Loaded ${veil.scenario.accounts.length} accounts:`);
    for (const account of veil.scenario.accounts)
      lines.push(`  ${account.accountId}  ${account.type.padEnd(9)} ${account.publicName}`);
  } else if (veil.scenario) {
    lines.push('The store already holds this scenario; nothing new was loaded.');
  }
  if (veil.siteUrl) lines.push(`The demo's default site answers at ${veil.siteUrl}`);
  lines.push(...describeErasureOnDisk(config, veil.ledger.reapplied));
  lines.push(`Pages: ${veil.url}/`);
  lines.push(`API docs: ${veil.url}/docs`);
  const out = process.stdout;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    out.write(`${signal}: stopping Veil\n`);
    await veil.stop();
    process.exit(0);
  };
  // Before Veil says it listens: a supervisor that stops it as soon as it reads that line must get the
  // clean stop (the store checkpointed and closed), not the default action of an unhandled signal.
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  out.write(`${lines.join('\n')}\n`);
}

function reportFailure(error: unknown): never {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n\n${usage}\n`);
    process.exit(2);
  }
  if (isVeilError(error)) {
    process.stderr.write(`${error.message}\n`);
    for (const detail of error.details) process.stderr.write(`  ${detail.path}: ${detail.message}\n`);
    process.exit(1);
  }
  // A database error's message can quote the values it was given: its SQLSTATE says enough.
  const { sqlState } = describeErrorForLog(error);
  const reason = sqlState ? `a database error (SQLSTATE ${sqlState})` : (error as Error).message;
  process.stderr.write(`Veil could not start: ${reason}\n`);
  process.exit(1);
}

const [command, ...rest] = process.argv.slice(2);
if (command === 'start') {
  runStart(rest).catch(reportFailure);
} else if (command === 'migrate-ids') {
  runMigrateIdsCommand(rest, process.env).catch(reportFailure);
} else {
  process.stdout.write(`${usage}\n`);
  process.exit(command === undefined || command === 'help' || command === '--help' ? 0 : 2);
}
