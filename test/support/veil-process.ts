import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { openTestLog, testLogDir } from './test-log.ts';

const mainPath = fileURLToPath(new URL('../../src/cli/veil.ts', import.meta.url));

/**
 * What of a process's output is its log, kept for the personal-data scan when the run keeps logs: its
 * log records (JSON lines) and why it could not start. Its banner and a command's own output (which is
 * for the person who ran it) are not logs.
 */
function keepLogLines(child: ChildProcess): void {
  const log = openTestLog('process');
  if (!log) return;
  let pending = '';
  const take = (chunk: Buffer | string) => {
    const lines = (pending + String(chunk)).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines)
      if (line.startsWith('{"level"') || line.startsWith('Veil could not start')) log.write(`${line}\n`);
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  child.once('exit', () => {
    take('\n');
    log.end();
  });
}

/** Info when the run keeps logs (so that the scan sees what Veil says at info), else warnings only. */
function logLevel(): string {
  return testLogDir() ? 'info' : 'warn';
}

export interface VeilProcess {
  readonly child: ChildProcess;
  readonly url: string;
  output(): string;
  /** Sends a signal and waits for the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Runs `veil <args>` to completion (for commands that should fail) and returns its exit code and output. */
export async function runVeil(
  args: readonly string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [mainPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  keepLogLines(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const [code] = await once(child, 'exit');
  return { code: code as number | null, stdout, stderr };
}

/** Starts `veil start <args>` as a real process and waits until it says where it listens. */
export async function startVeilProcess(
  args: readonly string[],
  options: { env?: Record<string, string> } = {},
): Promise<VeilProcess> {
  const child = spawn(process.execPath, [mainPath, 'start', '--log-level', logLevel(), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  keepLogLines(child);
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      // A Veil that never came up is not left running (it would keep the test runner waiting).
      child.kill('SIGKILL');
      reject(new Error(`veil did not start:\n${output}`));
    }, 60_000);
    child.stdout.on('data', () => {
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match && output.includes('API docs:')) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', () => {
      clearTimeout(timer);
      reject(new Error(`veil exited before listening:\n${output}`));
    });
  });
  return {
    child,
    url,
    output: () => output,
    stop: async (signal = 'SIGTERM') => {
      // A process that already ended (by its code, or by a signal: then exitCode is null) emits no more 'exit'.
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill(signal);
      const [code] = await once(child, 'exit');
      return code as number | null;
    },
  };
}

export function basicAuth(email: string, token: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}` };
}

/** One JSON request to a Veil process with the given headers (its credentials): the status and parsed body. */
export async function callVeilProcess(
  veil: VeilProcess,
  headers: Record<string, string>,
  request: { method: string; path: string; body?: unknown },
) {
  const { method, path, body } = request;
  const response = await fetch(`${veil.url}${path}`, {
    method,
    headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}
