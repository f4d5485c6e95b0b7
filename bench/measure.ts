import { readFile } from 'node:fs/promises';
import autocannon from 'autocannon';

/** What one route did under load. Latencies are in milliseconds, from the load generator's side. */
export interface RouteFigures {
  readonly name: string;
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly requests: number;
  /** Non-2xx answers and connection errors; a clean run has none. */
  readonly failures: number;
  /** CPU time the Veil process spent per request (all its threads), when it could be read. */
  readonly cpuMicrosPerRequest: number | undefined;
}

export interface Load {
  readonly url: string;
  readonly connections: number;
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
  /** The CPU seconds the server process has used so far, if the platform tells. */
  readonly serverCpuSeconds?: () => Promise<number | undefined>;
}

/** The value below which `fraction` of the sorted values lie (nearest rank). */
export function percentile(sorted: Float64Array, fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return sorted[Math.max(0, rank)]!;
}

/** Fixed request buffers, built once, so the load generator spends no time per request on them. */
function requestsOf(route: Route) {
  const { nextPath } = route;
  if (!nextPath) return route.paths.map((path) => ({ method: 'GET', path }));
  // A new path for every request (autocannon builds its buffer again each time).
  return [
    {
      method: 'GET',
      path: route.paths[0]!,
      setupRequest: (request: object) => ({ ...request, path: nextPath() }),
    },
  ];
}

async function fire(load: Load, seconds: number, route: Route) {
  const latencies: number[] = [];
  const instance = autocannon({
    url: load.url,
    connections: load.connections,
    duration: seconds,
    headers: route.headers,
    requests: requestsOf(route),
  });
  // autocannon's own histogram keeps whole milliseconds; this keeps the exact times.
  instance.on('response', (_client: unknown, _status: number, _bytes: number, time: number) => {
    latencies.push(time);
  });
  const result = await instance;
  return { result, latencies };
}

/** The machine's busy and total CPU ticks so far, from /proc/stat (Linux only). */
async function machineTicks(): Promise<{ busy: number; total: number } | undefined> {
  const stat = await readFile('/proc/stat', 'utf8').catch(() => undefined);
  const ticks = stat?.split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number);
  if (!ticks || ticks.length < 5) return undefined;
  const total = ticks.reduce((sum, tick) => sum + tick, 0);
  const idle = ticks[3]! + ticks[4]!;
  return { busy: total - idle, total };
}

/**
 * Waits until the machine is quiet again (under a tenth of its CPU busy over a quarter second), at most
 * `limitMs`. The load generator stops at the end of a turn, but the requests it left in flight go on in
 * Veil and in the database; without this wait, slow ones would be counted in the next route's turn.
 */
export async function untilMachineQuiet(limitMs = 60_000): Promise<void> {
  const started = Date.now();
  let before = await machineTicks();
  while (before && Date.now() - started < limitMs) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const after = await machineTicks();
    if (!after) return;
    if ((after.busy - before.busy) / Math.max(1, after.total - before.total) < 0.1) return;
    before = after;
  }
}

/** A route to load: its name in the table, the paths it cycles through, and the request headers. */
export interface Route {
  readonly name: string;
  readonly paths: readonly string[];
  readonly headers: Record<string, string>;
  /** When given, every request asks a new path from it (`paths` then holds only the first). */
  readonly nextPath?: () => string;
}

/**
 * Warms every route up, then loads them in turns (`rounds` rounds, each route for its share of the
 * duration with `connections` keep-alive connections), so that whatever else the machine is doing
 * weighs on every route alike. Figures are over all rounds together.
 */
export async function measureRoutes(
  load: Load,
  routes: readonly Route[],
  rounds: number,
): Promise<RouteFigures[]> {
  for (const route of routes) {
    if (load.warmupSeconds > 0) await fire(load, load.warmupSeconds, route);
    await untilMachineQuiet();
  }
  const totals = routes.map(() => ({
    requests: 0,
    seconds: 0,
    failures: 0,
    cpu: 0,
    latencies: [] as number[],
  }));
  const cpuNow = async () => (await load.serverCpuSeconds?.()) ?? Number.NaN;
  const slice = load.durationSeconds / rounds;
  for (let round = 0; round < rounds; round++) {
    for (const [index, route] of routes.entries()) {
      const cpuBefore = await cpuNow();
      const { result, latencies } = await fire(load, slice, route);
      await untilMachineQuiet();
      const total = totals[index]!;
      total.cpu += (await cpuNow()) - cpuBefore;
      total.requests += result.requests.total;
      total.seconds += result.duration;
      total.failures += result.non2xx + result.errors;
      for (const latency of latencies) total.latencies.push(latency);
    }
  }
  return routes.map((route, index) => {
    const total = totals[index]!;
    const sorted = Float64Array.from(total.latencies).sort();
    return {
      name: route.name,
      requestsPerSecond: total.requests / total.seconds,
      p50: percentile(sorted, 0.5),
      p99: percentile(sorted, 0.99),
      requests: total.requests,
      failures: total.failures,
      cpuMicrosPerRequest: Number.isNaN(total.cpu) ? undefined : (total.cpu * 1e6) / total.requests,
    };
  });
}

/** The figures as an aligned text table. */
export function formatTable(figures: readonly RouteFigures[]): string {
  const header = ['route', 'req/s', 'p50 ms', 'p99 ms', 'Veil CPU µs/req', 'requests', 'failures'];
  const rows = figures.map((f) => [
    f.name,
    f.requestsPerSecond.toFixed(0),
    f.p50.toFixed(2),
    f.p99.toFixed(2),
    f.cpuMicrosPerRequest === undefined ? '?' : f.cpuMicrosPerRequest.toFixed(0),
    String(f.requests),
    String(f.failures),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
