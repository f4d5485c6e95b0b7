/**
 * `npm run bench`: generates a world (or reuses one), starts Veil on an empty store and then on the world
 * as its own process, loads each read route with autocannon, measures cross-node staleness with a second
 * node (PostgreSQL), and prints the routes' table and a summary of issue 13's targets with "met" or
 * "missed" beside each. Settings come from the environment (settings.ts); docs/performance.md records
 * runs and how to read them.
 */
import { rm } from 'node:fs/promises';
import type { StoreConfig } from '../src/config/config.ts';
import { formatAbuse, measureUnderAbuse } from './abuse.ts';
import { createEmptyStore } from './empty-store.ts';
import { generateWorld } from './generate-world.ts';
import { formatTable, type Load, measureRoutes, type RouteFigures, untilMachineQuiet } from './measure.ts';
import {
  basicAuthorization,
  benchRoutes,
  describeProbe,
  meanUsers,
  observerAuthorization,
  probe,
} from './routes.ts';
import { readSettings, type Settings } from './settings.ts';
import { measureStaleness, type StalenessFigures } from './staleness.ts';
import { formatSummary, megabytes, p50p99, type SummaryRow, verdict } from './summary.ts';
import { readCpuSeconds, readMemory, settledRss, startVeilChild, type VeilChild } from './veil-child.ts';

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** The store to run on: generated now, or found holding a world an earlier run made. */
async function prepareWorld(settings: Settings) {
  const given: StoreConfig | undefined = settings.databaseUrl
    ? { kind: 'postgres', url: settings.databaseUrl }
    : settings.dataDir
      ? { kind: 'pglite', dataDir: settings.dataDir }
      : undefined;
  const world = await generateWorld({
    accounts: settings.accounts,
    ...(given ? { store: given } : {}),
    ...(settings.generator ? { generator: settings.generator } : {}),
    onProgress: say,
  });
  const rows = `${world.rowCounts.accounts} accounts, ${world.rowCounts.visibility_settings} visibility settings, ${world.rowCounts.organizations} organizations`;
  if (world.reused) say(`reusing the world in the store (${world.generator} generator): ${rows}`);
  else say(`generated (${world.generator}) ${rows} in ${(world.writeMs / 1000).toFixed(1)} s`);
  if (world.reused && world.accounts !== settings.accounts) {
    say(`note: the world has ${world.accounts} accounts, not VEIL_BENCH_ACCOUNTS=${settings.accounts}`);
  }
  return { store: world.store, accounts: world.accounts, temporary: given === undefined };
}

/** Veil started on an empty store of the same kind, the same way: the memory a process has anyway. */
async function measureEmptyStore(like: StoreConfig): Promise<{ readyMs: number; rss: number | undefined }> {
  const empty = await createEmptyStore(like);
  try {
    const veil = await startVeilChild(empty.store);
    const memory = await readMemory(veil.child.pid!);
    await veil.stop();
    say(
      `empty store: ready in ${(veil.readyMs / 1000).toFixed(2)} s, ${megabytes(memory?.rss)} RSS after start`,
    );
    return { readyMs: veil.readyMs, rss: memory?.rss };
  } finally {
    await empty.drop();
  }
}

interface Measured {
  routes: RouteFigures[];
  bulkUsersPerRequest: number;
  staleness: StalenessFigures | undefined;
  abuse: string[];
}

async function measureAll(
  settings: Settings,
  size: number,
  store: StoreConfig,
  veil: VeilChild,
): Promise<Measured> {
  const routes = benchRoutes(size, settings.hotAccounts).filter(([key]) => settings.routes.has(key));
  for (const [, route] of routes)
    say(`probe ${route.name}: ${describeProbe(await probe(veil.url, route.paths[0]!, route.headers))}`);
  const bulk = routes.find(([key]) => key === 'bulk')?.[1];
  const bulkUsersPerRequest = bulk ? await meanUsers(veil.url, bulk) : 0;
  if (bulk) say(`bulk: ${bulkUsersPerRequest.toFixed(1)} users per answer on average`);
  const load: Load = { url: veil.url, ...settings, serverCpuSeconds: () => readCpuSeconds(veil.child.pid!) };
  const figures = await measureRoutes(
    load,
    routes.map(([, route]) => route),
    settings.rounds,
  );
  const staleness = settings.routes.has('staleness') ? await runStaleness(settings, store, veil) : undefined;
  const abuse = settings.routes.has('abuse') ? await runAbuse(settings, veil) : [];
  return { routes: figures, bulkUsersPerRequest, staleness, abuse };
}

/** A second node on the same database, and the first one's changes timed until the second serves them. */
async function runStaleness(settings: Settings, store: StoreConfig, nodeA: VeilChild) {
  if (store.kind !== 'postgres') {
    say(
      'cross-node staleness: not measured — it needs PostgreSQL (on PGlite Veil is one process, no second node)',
    );
    return undefined;
  }
  await untilMachineQuiet();
  const nodeB = await startVeilChild(store);
  say(
    `cross-node staleness: node B ready in ${(nodeB.readyMs / 1000).toFixed(2)} s; ${settings.stalenessSamples} changes`,
  );
  try {
    return await measureStaleness({
      nodeA: nodeA.url,
      nodeB: nodeB.url,
      samples: settings.stalenessSamples,
      caller: basicAuthorization(),
      observer: observerAuthorization(),
    });
  } finally {
    await nodeB.stop();
  }
}

/** The abuse run (after the others, so its open connections and counts weigh on nothing else). */
async function runAbuse(settings: Settings, veil: VeilChild): Promise<string[]> {
  const abuse = {
    url: veil.url,
    serverCpuSeconds: () => readCpuSeconds(veil.child.pid!),
    authorization: basicAuthorization(),
    seconds: settings.abuseSeconds,
    jqlClients: settings.abuseJqlClients,
    slowBodies: settings.abuseSlowBodies,
  };
  say(`abuse run: ${abuse.seconds} s, ${abuse.jqlClients} JQL clients, ${abuse.slowBodies} slow bodies`);
  return formatAbuse(abuse, await measureUnderAbuse(abuse));
}

interface Start {
  readonly readyMs: number;
  readonly rss: number | undefined;
}

function summarize(
  size: number,
  store: StoreConfig,
  empty: Start,
  world: Start & { peak: number | undefined },
  measured: Measured,
): SummaryRow[] {
  const route = (prefix: string) => measured.routes.find((figures) => figures.name.startsWith(prefix));
  const none = (figure: string, target: string): SummaryRow => ({
    figure,
    value: 'not measured',
    target,
    verdict: '',
  });
  const rows: SummaryRow[] = [
    {
      figure: 'ready (spawn → health answers)',
      value: `${(world.readyMs / 1000).toFixed(2)} s`,
      target: '< 2 s',
      verdict: verdict(world.readyMs < 2000),
    },
  ];
  const grown = world.rss !== undefined && empty.rss !== undefined ? world.rss - empty.rss : undefined;
  rows.push({
    figure: 'RSS after start − empty store’s',
    value: `${megabytes(world.rss)} − ${megabytes(empty.rss)} = ${megabytes(grown)}`,
    target: '≤ 300 MB',
    verdict: grown === undefined ? 'unknown (no /proc)' : verdict(grown <= 300 * 2 ** 20),
  });
  rows.push({
    figure: 'RSS at peak (VmHWM, whole run)',
    value: megabytes(world.peak),
    target: '—',
    verdict: '',
  });
  const [health, hot, cold, bulk] = [
    route('GET /veil/v1/health'),
    route('GET /rest/api/3/user, hot'),
    route('GET /rest/api/3/user, cold'),
    route('GET /rest/api/3/user/bulk'),
  ];
  if (health && hot) {
    const ratio = hot.requestsPerSecond / health.requestsPerSecond;
    rows.push({
      figure: 'hot GET /user ÷ static, requests/s',
      value: `${(ratio * 100).toFixed(0)}%`,
      target: '≥ 70%',
      verdict: verdict(ratio >= 0.7),
    });
  } else rows.push(none('hot GET /user ÷ static, requests/s', '≥ 70%'));
  if (cold) {
    const onPostgres = store.kind === 'postgres';
    const value = `p50 ${cold.p50.toFixed(2)} ms, p99 ${cold.p99.toFixed(2)} ms`;
    rows.push({
      figure: 'cold GET /user',
      value,
      target: 'p99 < 5 ms on PostgreSQL',
      verdict: onPostgres ? verdict(cold.p99 < 5) : 'no verdict on PGlite',
    });
  } else rows.push(none('cold GET /user', 'p99 < 5 ms on PostgreSQL'));
  if (bulk) {
    const rendered = bulk.requestsPerSecond * measured.bulkUsersPerRequest;
    rows.push({
      figure: 'bulk (50 ids), rendered accounts/s',
      value: rendered.toFixed(0),
      target: '≥ 50,000',
      verdict: verdict(rendered >= 50_000),
    });
  } else rows.push(none('bulk (50 ids), rendered accounts/s', '≥ 50,000'));
  const searchTarget = size > 1_000_000 ? 50 : 20;
  for (const name of ['1–2 letters', '3–6 letters']) {
    const search = route(`GET …/user/search, ${name}`);
    const figure = `search, ${name}`;
    if (!search) rows.push(none(figure, `p99 < ${searchTarget} ms`));
    else
      rows.push({
        figure,
        value: `p50 ${search.p50.toFixed(2)} ms, p99 ${search.p99.toFixed(2)} ms`,
        target: `p99 < ${searchTarget} ms`,
        verdict: verdict(search.p99 < searchTarget),
      });
  }
  rows.push(stalenessRow(store, measured.staleness));
  return rows;
}

function stalenessRow(store: StoreConfig, staleness: StalenessFigures | undefined): SummaryRow {
  const figure = 'cross-node staleness (2 nodes)';
  if (store.kind !== 'postgres')
    return { figure, value: 'needs PostgreSQL (PGlite: one process)', target: 'p99 < 1 s', verdict: '' };
  if (!staleness) return { figure, value: 'not measured', target: 'p99 < 1 s', verdict: '' };
  const { latencies, timedOut } = staleness;
  const all = [...latencies, ...Array.from({ length: timedOut }, () => Number.POSITIVE_INFINITY)];
  const { p99, text } = p50p99(all);
  const value = `${text}${timedOut ? `, ${timedOut} never seen within 10 s` : ''} (${all.length} changes)`;
  return { figure, value, target: 'p99 < 1 s', verdict: verdict(p99 < 1000) };
}

async function main(): Promise<void> {
  const settings = readSettings(process.env);
  say(`Node ${process.version}, ${(await import('node:os')).availableParallelism()} CPUs`);
  const { store, accounts, temporary } = await prepareWorld(settings);
  const empty = await measureEmptyStore(store);
  const profile = settings.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${settings.cpuProfileDir}`] : [];
  const veil = await startVeilChild(store, profile);
  const afterStart = await settledRss(veil.child.pid!);
  say(
    `Veil on the ${store.kind} store: listening ${(veil.startupMs / 1000).toFixed(2)} s, ready ${(veil.readyMs / 1000).toFixed(2)} s after spawn, ${megabytes(afterStart)} RSS after start`,
  );
  let measured: Measured = { routes: [], bulkUsersPerRequest: 0, staleness: undefined, abuse: [] };
  try {
    measured = await measureAll(settings, accounts, store, veil);
  } finally {
    const memory = await readMemory(veil.child.pid!);
    await veil.stop();
    say('');
    say(
      `${accounts} accounts on ${store.kind}, ${settings.connections} connections, ${settings.durationSeconds} s per ` +
        `route in ${settings.rounds} turns, after ${settings.warmupSeconds} s of warm-up per route`,
    );
    say(formatTable(measured.routes));
    for (const line of measured.abuse) say(line);
    say('');
    const world = { readyMs: veil.readyMs, rss: afterStart, peak: memory?.peakRss };
    say(formatSummary(summarize(accounts, store, empty, world, measured)));
  }
  if (temporary && store.kind === 'pglite' && store.dataDir) await rm(store.dataDir, { recursive: true });
}

await main();
