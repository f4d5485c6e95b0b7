import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const mainPath = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

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
  const child = spawn(process.execPath, [mainPath, 'start', '--log-level', 'warn', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
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
      if (child.exitCode !== null) return child.exitCode;
      child.kill(signal);
      const [code] = await once(child, 'exit');
      return code as number | null;
    },
  };
}

export function basicAuth(email: string, token: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}` };
}
