/**
 * Several `veil start` processes on one PostgreSQL database, as Veil runs behind a load balancer
 * (docs/scaling.md), and what a test of them needs: a viewer's request to any node, a bounded wait for
 * the nodes to agree, and SQL on the store beside them.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { ProcessStore } from './backends.ts';
import { basicAuth, callVeilProcess, startVeilProcess, type VeilProcess } from './veil-process.ts';

/** The demo world's people a test calls as: their email and API token. */
export const demoCredentials = {
  pat: basicAuth('pat@veil.test', 'demo-token-pat'),
  mia: basicAuth('mia@acme.test', 'demo-token-mia'),
  noah: basicAuth('noah@example.com', 'demo-token-noah'),
} as const;

/** A running set of nodes on one store, and a connection of the test's own to that store. */
export interface VeilNodes {
  readonly nodes: readonly VeilProcess[];
  /** One statement on the store, on the test's own connection (never one of Veil's). */
  query<Row extends Record<string, unknown>>(text: string, values?: unknown[]): Promise<Row[]>;
  stop(): Promise<void>;
}

/**
 * Starts `count` nodes on the store: on an empty store the first alone (it migrates and loads the demo
 * world), then the others together; on a `loaded` one, all together.
 */
export async function startVeilNodes(
  store: ProcessStore,
  count: number,
  options: { args?: readonly string[]; env?: Record<string, string>; loaded?: boolean } = {},
): Promise<VeilNodes> {
  if (!store.databaseUrl) throw new Error('Veil nodes share a PostgreSQL database');
  const args = [...store.args, '--port', '0', ...(options.args ?? [])];
  const started: VeilProcess[] = [];
  const client = new pg.Client({ connectionString: store.databaseUrl, application_name: 'veil-test' });
  const stop = async () => {
    await Promise.all(started.map((node) => node.stop()));
    await client.end().catch(() => {});
  };
  try {
    if (!options.loaded) started.push(await startVeilProcess(args, { env: options.env ?? {} }));
    const others = Array.from({ length: count - started.length }, () =>
      startVeilProcess(args, { env: options.env ?? {} }).then((node) => started.push(node)),
    );
    await Promise.all(others);
    await client.connect();
  } catch (error) {
    await stop();
    throw error;
  }
  const query = async <Row extends Record<string, unknown>>(text: string, values: unknown[] = []) =>
    (await client.query<Row>(text, values)).rows;
  return { nodes: started, query, stop };
}

/** One JSON request to a node as the given person; throws on a status other than `expected`. */
export async function requestAs(
  node: VeilProcess,
  credentials: Record<string, string>,
  request: { method: string; path: string; body?: unknown },
  expected = 200,
): Promise<Record<string, unknown>> {
  const answer = await callVeilProcess(node, credentials, request);
  if (answer.status !== expected) {
    throw new Error(`${request.method} ${request.path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  return answer.body as Record<string, unknown>;
}

/** The tracker's user representation of `accountId` as `viewer` sees it on `node`. */
export function userOn(node: VeilProcess, viewer: Record<string, string>, accountId: string) {
  return requestAs(node, viewer, { method: 'GET', path: `/rest/api/3/user?accountId=${accountId}` });
}

/** Polls until `check` holds, for at most `withinMs`; returns whether it held in time. */
export async function holdsWithin(withinMs: number, check: () => Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(20);
  }
  return check();
}

/** Whether `check` holds of every node. */
export async function holdsOnEvery(
  nodes: readonly VeilProcess[],
  check: (node: VeilProcess) => Promise<boolean>,
): Promise<boolean> {
  return (await Promise.all(nodes.map(check))).every(Boolean);
}
