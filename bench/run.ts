/**
 * `npm run bench`: generates a world, starts Veil on it as its own process, loads each read route with
 * autocannon and prints requests/s, p50/p99 latencies, the GET /user ÷ static ratio, the startup time
 * and Veil's peak memory. Settings come from the environment (see `readSettings`); docs/performance.md
 * records a run and how to read it.
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { StoreConfig } from '../src/config/config.ts';
import { formatAbuse, measureUnderAbuse } from './abuse.ts';
import { generateWorld } from './generate-world.ts';
import { formatTable, type Load, measureRoutes, type Route, type RouteFigures } from './measure.ts';
import { readCpuSeconds, readMemory, startVeilChild, type VeilChild } from './veil-child.ts';
import { benchCaller, sampleAccountIds, samplePrefixes } from './world-rows.ts';

interface Settings {
  readonly accounts: number;
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
  readonly connections: number;
  /** How many turns the routes take (each gets duration ÷ rounds per turn). */
  readonly rounds: number;
  /** An empty PostgreSQL database to use instead of a fresh PGlite folder. */
  readonly databaseUrl: string | undefined;
  /** A PGlite folder to fill (or, if it already holds a world, to reuse); else a new temp folder. */
  readonly dataDir: string | undefined;
  /** Where the Veil process writes a CPU profile (`--cpu-prof`), if anywhere. */
  readonly cpuProfileDir: string | undefined;
  /** The routes to measure (all when unset): static, user, bulk, search, and the abuse run. */
  readonly routes: ReadonlySet<string>;
  /** How long the abuse run lasts, and how many hostile clients it has (see abuse.ts). */
  readonly abuseSeconds: number;
  readonly abuseJqlClients: number;
  readonly abuseSlowBodies: number;
}

function readSettings(env: NodeJS.ProcessEnv): Settings {
  const number = (name: string, fallback: number) => {
    const value = Number(env[name] ?? fallback);
    if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number, not ${env[name]}`);
    return value;
  };
  return {
    accounts: number('VEIL_BENCH_ACCOUNTS', 100_000),
    durationSeconds: number('VEIL_BENCH_DURATION', 10),
    warmupSeconds: number('VEIL_BENCH_WARMUP', 3),
    connections: number('VEIL_BENCH_CONNECTIONS', 10),
    rounds: Math.max(1, Math.round(number('VEIL_BENCH_ROUNDS', 5))),
    databaseUrl: env.VEIL_BENCH_DATABASE_URL || undefined,
    dataDir: env.VEIL_BENCH_DATA || undefined,
    cpuProfileDir: env.VEIL_BENCH_CPU_PROF || undefined,
    routes: new Set((env.VEIL_BENCH_ROUTES || 'static,user,bulk,search,abuse').split(',')),
    abuseSeconds: number('VEIL_BENCH_ABUSE_SECONDS', 10),
    abuseJqlClients: Math.round(number('VEIL_BENCH_ABUSE_JQL_CLIENTS', 8)),
    abuseSlowBodies: Math.round(number('VEIL_BENCH_ABUSE_SLOW_BODIES', 1000)),
  };
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** The store to run on: generated now, or (for a PGlite folder that already holds one) reused. */
async function prepareWorld(settings: Settings): Promise<{ store: StoreConfig; temporary: boolean }> {
  if (settings.dataDir && existsSync(join(settings.dataDir, 'PG_VERSION'))) {
    say(`reusing the world in ${settings.dataDir}`);
    return { store: { kind: 'pglite', dataDir: settings.dataDir }, temporary: false };
  }
  const given: StoreConfig | undefined = settings.databaseUrl
    ? { kind: 'postgres', url: settings.databaseUrl }
    : settings.dataDir
      ? { kind: 'pglite', dataDir: settings.dataDir }
      : undefined;
  const world = await generateWorld({ accounts: settings.accounts, ...(given ? { store: given } : {}) });
  say(
    `generated ${world.accounts} accounts (${world.rowCounts.visibility_settings} visibility settings, ` +
      `${world.rowCounts.organizations} organizations) in ${(world.writeMs / 1000).toFixed(1)} s`,
  );
  return { store: world.store, temporary: given === undefined };
}

function basicAuthorization(): Record<string, string> {
  const credentials = Buffer.from(`${benchCaller.email}:${benchCaller.token}`).toString('base64');
  return { authorization: `Basic ${credentials}` };
}

/** The request paths of each measured route (many accounts and prefixes, so no single one is hot). */
function routePaths(accounts: number) {
  const ids = sampleAccountIds(accounts, 2000);
  const bulk = Array.from({ length: 100 }, (_, set) =>
    ids.slice((set * 50) % 1950, ((set * 50) % 1950) + 50),
  );
  return {
    static: ['/veil/v1/health'],
    user: ids.map((id) => `/rest/api/3/user?accountId=${id}`),
    bulk: bulk.map(
      (set) => `/rest/api/3/user/bulk?maxResults=50&${set.map((id) => `accountId=${id}`).join('&')}`,
    ),
    search: samplePrefixes(400).map(
      (prefix) => `/rest/api/3/user/search?query=${encodeURIComponent(prefix)}`,
    ),
  };
}

/** Asks one request of a route and says what came back, so a broken route is not measured as fast. */
async function probe(url: string, path: string, headers: Record<string, string>): Promise<string> {
  const response = await fetch(`${url}${path}`, { headers });
  const body = (await response.json().catch(() => undefined)) as
    | { values?: unknown[] }
    | unknown[]
    | undefined;
  const count = Array.isArray(body)
    ? body.length
    : Array.isArray(body?.values)
      ? body.values.length
      : undefined;
  return `${response.status}${count === undefined ? '' : ` (${count} users)`}`;
}

/** The abuse run (after the others, so its open connections and counts weigh on nothing else). */
async function runAbuse(settings: Settings, veil: VeilChild, authorization: string): Promise<string[]> {
  const abuse = {
    url: veil.url,
    serverCpuSeconds: () => readCpuSeconds(veil.child.pid!),
    authorization,
    seconds: settings.abuseSeconds,
    jqlClients: settings.abuseJqlClients,
    slowBodies: settings.abuseSlowBodies,
  };
  say(`abuse run: ${abuse.seconds} s, ${abuse.jqlClients} JQL clients, ${abuse.slowBodies} slow bodies`);
  return formatAbuse(abuse, await measureUnderAbuse(abuse));
}

async function main(): Promise<void> {
  const settings = readSettings(process.env);
  say(`Node ${process.version}, ${(await import('node:os')).availableParallelism()} CPUs`);
  const { store, temporary } = await prepareWorld(settings);
  const profile = settings.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${settings.cpuProfileDir}`] : [];
  const veil = await startVeilChild(store, profile);
  say(
    `Veil started on the ${store.kind} store in ${(veil.startupMs / 1000).toFixed(2)} s (spawn to listening)`,
  );
  const afterStart = await readMemory(veil.child.pid!);
  const load: Load = { url: veil.url, ...settings, serverCpuSeconds: () => readCpuSeconds(veil.child.pid!) };
  const auth = basicAuthorization();
  const paths = routePaths(settings.accounts);
  const figures: RouteFigures[] = [];
  let abuse: string[] = [];
  try {
    for (const [name, list] of Object.entries(paths)) {
      const headers = name === 'static' ? {} : auth;
      say(`probe ${name}: ${await probe(veil.url, list[0]!, headers)}`);
    }
    const measured: [string, Route][] = [
      ['static', { name: 'GET /veil/v1/health (static, no auth)', paths: paths.static, headers: {} }],
      ['user', { name: 'GET /rest/api/3/user (Basic auth)', paths: paths.user, headers: auth }],
      ['bulk', { name: 'GET /rest/api/3/user/bulk (50 ids)', paths: paths.bulk, headers: auth }],
      ['search', { name: 'GET /rest/api/3/user/search?query=', paths: paths.search, headers: auth }],
    ];
    const chosen = measured.filter(([key]) => settings.routes.has(key));
    figures.push(
      ...(await measureRoutes(
        load,
        chosen.map(([, route]) => route),
        settings.rounds,
      )),
    );
    if (settings.routes.has('abuse')) abuse = await runAbuse(settings, veil, auth.authorization ?? '');
  } finally {
    const memory = await readMemory(veil.child.pid!);
    await veil.stop();
    say('');
    say(
      `${settings.accounts} accounts, ${settings.connections} connections, ${settings.durationSeconds} s per ` +
        `route in ${settings.rounds} turns, after ${settings.warmupSeconds} s of warm-up per route`,
    );
    say(formatTable(figures));
    for (const line of abuse) say(line);
    const health = figures.find((f) => f.name.includes('health'));
    const user = figures.find((f) => f.name.includes('/user ('));
    if (health && user) {
      const ratio = user.requestsPerSecond / health.requestsPerSecond;
      say(`GET /user ÷ static, requests/s: ${(ratio * 100).toFixed(0)}%`);
      if (health.cpuMicrosPerRequest && user.cpuMicrosPerRequest) {
        // What the ratio would be if Veil alone set the pace: its CPU cost per request, static ÷ user.
        const cpuRatio = health.cpuMicrosPerRequest / user.cpuMicrosPerRequest;
        say(`GET /user ÷ static, Veil CPU per request (static ÷ user): ${(cpuRatio * 100).toFixed(0)}%`);
      }
    }
    const mb = (bytes: number | undefined) => (bytes === undefined ? '?' : (bytes / 2 ** 20).toFixed(0));
    say(`Veil memory: ${mb(afterStart?.rss)} MB RSS after start, ${mb(memory?.peakRss)} MB peak RSS (VmHWM)`);
  }
  if (temporary && store.kind === 'pglite' && store.dataDir) await rm(store.dataDir, { recursive: true });
}

await main();
