import type { LightMyRequestResponse } from 'fastify';
import { createApp } from '../../src/app.ts';
import { demoScenarioPath } from '../../src/cli/start.ts';
import { ManualClock } from '../../src/clock/clock.ts';
import { type Config, createConfig } from '../../src/config/config.ts';
import type { Store } from '../../src/db/store.ts';
import type { VeilApp } from '../../src/http/server.ts';
import { loadScenario, readScenarioFile } from '../../src/scenarios/scenario.loader.ts';
import type { Scenario } from '../../src/scenarios/scenario.schemas.ts';
import type { TestBackend } from './backends.ts';
import { closeTestLog, openTestLog } from './test-log.ts';

export interface TestVeil {
  readonly app: VeilApp;
  readonly store: Store;
  readonly clock: ManualClock;
  /** Sends a request through the whole HTTP stack (routing, hooks, contracts, serialisation). */
  request(options: TestRequest): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export interface TestRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  as?: { email: string; token: string };
  body?: unknown;
  headers?: Record<string, string>;
}

/** Basic credentials for the demo scenario's people (their tokens are `demo-token-<name>`). */
export function demoPerson(name: 'pat' | 'mia' | 'noah' | 'ava' | 'liam' | 'olivia' | 'sofia' | 'ethan') {
  const domains = { pat: 'veil.test', noah: 'example.com', sofia: 'globex.test' } as Record<string, string>;
  return { email: `${name}@${domains[name] ?? 'acme.test'}`, token: `demo-token-${name}` };
}

export const demoIds = {
  pat: '5f0c1a9e2b7d4c8e9a1b3c01',
  mia: '5f0c1a9e2b7d4c8e9a1b3c02',
  noah: '5f0c1a9e2b7d4c8e9a1b3c03',
  ava: '5f0c1a9e2b7d4c8e9a1b3c04',
  liam: '5f0c1a9e2b7d4c8e9a1b3c05',
  olivia: '5f0c1a9e2b7d4c8e9a1b3c06',
  sofia: '5f0c1a9e2b7d4c8e9a1b3c07',
  ethan: '5f0c1a9e2b7d4c8e9a1b3c08',
  app: '5f0c1a9e2b7d4c8e9a1b3c09',
  customer: '5f0c1a9e2b7d4c8e9a1b3c0a',
} as const;

/** A Veil on a fresh database of `backend`, with a scenario loaded ('demo' by default). */
export async function startTestVeil(
  backend: TestBackend,
  scenario: Scenario | 'demo' | null = 'demo',
  config: Partial<Config> = {},
): Promise<TestVeil> {
  const store = await backend.open();
  const clock = new ManualClock(new Date('2026-11-22T12:00:00Z'));
  if (scenario !== null) {
    const loaded = scenario === 'demo' ? (await readScenarioFile(demoScenarioPath)).scenario : scenario;
    await loadScenario(store.db, clock, loaded);
  }
  // A run that keeps logs (scripts/test.ts) has every Veil log at info level, for the personal-data scan.
  const log = openTestLog('inject');
  const app = await createApp({
    config: createConfig({ ...(log ? { logLevel: 'info' } : {}), ...config }),
    db: store.db,
    clock,
    listen: store.listen,
    ...(log ? { logDestination: log } : {}),
  });
  await app.ready();
  return {
    app,
    store,
    clock,
    request: ({ method = 'GET', url, as, body, headers = {} }) =>
      app.inject({
        method,
        url,
        headers: {
          ...(as
            ? { authorization: `Basic ${Buffer.from(`${as.email}:${as.token}`).toString('base64')}` }
            : {}),
          ...headers,
        },
        ...(body !== undefined ? { payload: body as object } : {}),
      }),
    close: async () => {
      await app.close();
      await store.close();
      await closeTestLog(log);
    },
  };
}
