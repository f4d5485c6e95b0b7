import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { StoreConfig } from '../src/config/config.ts';

const mainPath = fileURLToPath(new URL('../src/cli/veil.ts', import.meta.url));

/** Veil started by the benchmark as its own process, the way an operator starts it. */
export interface VeilChild {
  readonly child: ChildProcess;
  readonly url: string;
  /** Milliseconds from spawning the process to its "listening on" line. */
  readonly startupMs: number;
  /** Milliseconds from spawning the process to the first answer of `GET /veil/v1/health` (ready). */
  readonly readyMs: number;
  stop(): Promise<void>;
}

function storeArguments(store: StoreConfig): string[] {
  if (store.kind === 'postgres') return ['--database-url', store.url];
  if (!store.dataDir) throw new Error('the benchmark needs a PGlite folder, not an in-memory store');
  return ['--data', store.dataDir];
}

/** Starts `veil start` on the store (any port, warnings only) and waits until it listens. */
export async function startVeilChild(
  store: StoreConfig,
  nodeOptions: readonly string[] = [],
): Promise<VeilChild> {
  const started = performance.now();
  const args = [...nodeOptions, mainPath, 'start', ...storeArguments(store), '--port', '0'];
  const child = spawn(process.execPath, [...args, '--log-level', 'warn'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`veil did not start in 5 minutes:\n${output}`)), 300_000);
    child.stdout.on('data', () => {
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', () => {
      clearTimeout(timer);
      reject(new Error(`veil exited before listening:\n${output}`));
    });
  });
  const startupMs = performance.now() - started;
  await untilHealthy(url);
  const readyMs = performance.now() - started;
  return {
    child,
    url,
    startupMs,
    readyMs,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

/** Asks `GET /veil/v1/health` every 5 ms until it answers 200 (for at most a minute). */
async function untilHealthy(url: string): Promise<void> {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    const status = await fetch(`${url}/veil/v1/health`).then(
      async (response) => {
        await response.arrayBuffer();
        return response.status;
      },
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`${url}/veil/v1/health did not answer 200 within a minute`);
}

/** Peak and current resident memory of a process in bytes (`VmHWM`, `VmRSS` from /proc; Linux only). */
export async function readMemory(pid: number): Promise<{ peakRss: number; rss: number } | undefined> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => undefined);
  if (!status) return undefined;
  const kilobytes = (name: string) =>
    Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { peakRss: kilobytes('VmHWM') * 1024, rss: kilobytes('VmRSS') * 1024 };
}

/**
 * The resident memory after start, once the start's transient allocations are returned: the lowest of
 * readings every 250 ms over the 8 s after ready. Read at the moment of ready, RSS can still hold them
 * (on an empty PGlite store, about 450 MB that go within a second or two, later on a loaded machine).
 */
export async function settledRss(pid: number): Promise<number | undefined> {
  let lowest: number | undefined;
  for (let waited = 0; waited <= 8000; waited += 250) {
    const rss = (await readMemory(pid))?.rss;
    if (rss !== undefined) lowest = Math.min(lowest ?? rss, rss);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return lowest;
}

/** CPU seconds (user and system, every thread) a process has used so far, from /proc (Linux only). */
export async function readCpuSeconds(pid: number): Promise<number | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
  const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
  if (!fields) return undefined;
  const ticksPerSecond = 100;
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}
