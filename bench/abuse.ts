/**
 * The abuse run of `npm run bench`: `GET /veil/v1/health` latency while hostile clients do their worst
 * on loopback — `jqlClients` clients sending 13,000-term queries to `/jql/pdcleaner` back to back, and
 * `slowBodies` sign-ins that send their body one byte every 5 s (reopened when Veil cuts one off).
 * Bounded in time (`seconds`); every socket is closed at the end.
 */

import { once } from 'node:events';
import { Agent, request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { percentile } from './measure.ts';

export interface AbuseSettings {
  readonly url: string;
  readonly authorization: string;
  readonly seconds: number;
  readonly jqlClients: number;
  readonly slowBodies: number;
  /** The CPU seconds the Veil process has used so far, if the platform tells. */
  readonly serverCpuSeconds?: () => Promise<number | undefined>;
}

export interface AbuseFigures {
  readonly healthRequests: number;
  readonly healthP50: number;
  readonly healthP99: number;
  readonly healthMax: number;
  /** How the JQL requests were answered, by status. */
  readonly jqlAnswers: ReadonlyMap<number, number>;
  /** Slow bodies open when the run ended, and how many Veil cut off (and were reopened) during it. */
  readonly slowBodiesOpen: number;
  readonly slowBodiesCutOff: number;
  /** The share of one core Veil used during the run (NaN when unknown). */
  readonly veilCpuShare: number;
  /** The p99 delay of the load generator's event loop (the hostile clients'; health is timed on its own thread). */
  readonly clientLoopDelayP99: number;
}

const hugeQuery = Array.from({ length: 13_000 }, (_, i) => `assignee=u${i}`).join('|');
// Encoded once: the load generator should spend its time sending, not encoding.
const hugeBody = Buffer.from(JSON.stringify({ queryStrings: [hugeQuery] }));

/** One answer to a request on a keep-alive agent: its status, once the body is read. */
function send(url: URL, agent: Agent, method: string, headers: Record<string, string>, body?: Buffer) {
  return new Promise<number>((resolve) => {
    const request = httpRequest(url, { method, agent, headers }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', () => resolve(0));
    request.end(body);
  });
}

/** Clients that send the 13,000-term query again as soon as each answer comes. */
async function sendHugeQueries(settings: AbuseSettings, until: number, answers: Map<number, number>) {
  const url = new URL('/rest/api/3/jql/pdcleaner', settings.url);
  const headers = { authorization: settings.authorization, 'content-type': 'application/json' };
  const client = async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    while (performance.now() < until) {
      const status = await send(url, agent, 'POST', headers, hugeBody);
      answers.set(status, (answers.get(status) ?? 0) + 1);
    }
    agent.destroy();
  };
  await Promise.all(Array.from({ length: settings.jqlClients }, client));
}

/** Sign-ins whose body never finishes: one byte every 5 s; one that Veil cuts off is opened again. */
function holdSlowBodies(settings: AbuseSettings) {
  const { hostname, port } = new URL(settings.url);
  const sockets = new Set<Socket>();
  let cutOff = 0;
  let running = true;
  const open = () => {
    const socket = connect({ host: hostname, port: Number(port) });
    socket.on('error', () => {});
    socket.on('close', () => {
      sockets.delete(socket);
      if (!running) return;
      cutOff += 1;
      open();
    });
    socket.write(
      'POST /veil/v1/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{',
    );
    sockets.add(socket);
  };
  for (let i = 0; i < settings.slowBodies; i++) open();
  // Each connection sends its byte every 5 s, the connections spread over those 5 s as independent
  // clients would be (a tenth of a second at a time), not all in the same instant.
  const slices = 50;
  let slice = 0;
  const drip = setInterval(() => {
    let index = 0;
    for (const socket of sockets) if (index++ % slices === slice) socket.write(' ');
    slice = (slice + 1) % slices;
  }, 5_000 / slices);
  return {
    stop: () => {
      running = false;
      clearInterval(drip);
      const open = sockets.size;
      for (const socket of sockets) socket.destroy();
      return { open, cutOff };
    },
  };
}

/** Health checks timed in a worker thread (see health-timer.ts) until the wall-clock time `until`. */
async function timeHealth(settings: AbuseSettings, until: number): Promise<number[]> {
  const worker = new Worker(new URL('./health-timer.ts', import.meta.url), {
    workerData: { url: settings.url, until },
  });
  const [latencies] = (await once(worker, 'message')) as [number[]];
  await worker.terminate();
  return latencies;
}

/** Runs the abuse for `seconds` and says how the health check fared. */
export async function measureUnderAbuse(settings: AbuseSettings): Promise<AbuseFigures> {
  const slow = holdSlowBodies(settings);
  // The slow connections are opened first; the clock starts once they are in.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const started = performance.now();
  const until = started + settings.seconds * 1000;
  const cpuBefore = (await settings.serverCpuSeconds?.()) ?? Number.NaN;
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const jqlAnswers = new Map<number, number>();
  const [latencies] = await Promise.all([
    timeHealth(settings, Date.now() + settings.seconds * 1000),
    sendHugeQueries(settings, until, jqlAnswers),
  ]);
  loopDelay.disable();
  const cpuUsed = ((await settings.serverCpuSeconds?.()) ?? Number.NaN) - cpuBefore;
  const { open, cutOff } = slow.stop();
  const sorted = Float64Array.from(latencies).sort();
  return {
    healthRequests: sorted.length,
    healthP50: percentile(sorted, 0.5),
    healthP99: percentile(sorted, 0.99),
    healthMax: sorted.at(-1) ?? Number.NaN,
    jqlAnswers,
    slowBodiesOpen: open,
    slowBodiesCutOff: cutOff,
    veilCpuShare: cpuUsed / ((performance.now() - started) / 1000),
    clientLoopDelayP99: loopDelay.percentile(99) / 1e6,
  };
}

/** The figures as lines for the report. */
export function formatAbuse(settings: AbuseSettings, figures: AbuseFigures): string[] {
  const answers = [...figures.jqlAnswers].map(([status, count]) => `${count} × ${status}`).join(', ');
  return [
    `abuse: ${settings.seconds} s of ${settings.jqlClients} clients sending 13,000-term JQL (${answers || 'none'}) ` +
      `and ${figures.slowBodiesOpen} slow bodies open (${figures.slowBodiesCutOff} cut off and reopened)`,
    `abuse: GET /veil/v1/health p50 ${figures.healthP50.toFixed(2)} ms, p99 ${figures.healthP99.toFixed(2)} ms, ` +
      `max ${figures.healthMax.toFixed(2)} ms over ${figures.healthRequests} requests (target: p99 under 100 ms); ` +
      `Veil used ${(figures.veilCpuShare * 100).toFixed(0)}% of a core; the load generator's own event-loop ` +
      `delay p99 ${figures.clientLoopDelayP99.toFixed(1)} ms`,
  ];
}
