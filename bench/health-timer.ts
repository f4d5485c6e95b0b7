/**
 * A worker thread of the abuse run: times `GET /veil/v1/health`, one request after another on one
 * keep-alive connection, until told the end; on its own event loop, so the hostile clients the main
 * thread drives do not delay its clock. Posts the latencies (ms) back.
 */
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

const { url, until } = workerData as { url: string; until: number };
const target = new URL('/veil/v1/health', url);
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

function timeOne(): Promise<number> {
  const started = performance.now();
  return new Promise((resolve) => {
    const sent = request(target, { agent }, (response) => {
      response.resume();
      response.on('end', () => resolve(performance.now() - started));
    });
    sent.on('error', () => resolve(Number.NaN));
    sent.end();
  });
}

const latencies: number[] = [];
// `until` is a wall-clock time: the two threads' performance clocks start at different moments.
while (Date.now() < until) {
  const latency = await timeOne();
  if (!Number.isNaN(latency)) latencies.push(latency);
  await new Promise((resolve) => setTimeout(resolve, 5));
}
agent.destroy();
parentPort?.postMessage(latencies);
