import type { Config } from './config.ts';

/**
 * Stops the process dead at a named point when the config lists it (`VEIL_FAILPOINTS`), as a power cut
 * would: SIGKILL, no cleanup, no open transaction committed. Tests of durability start a real `veil
 * start` with one set, then start it again without and check that nothing was lost or left half done.
 */
export function reachFailpoint(config: Config, name: string): void {
  if (config.failpoints.includes(name)) process.kill(process.pid, 'SIGKILL');
}
