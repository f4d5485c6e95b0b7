/**
 * The setup most Connect tests share: a Veil that really listens, the test apps of `connect-support`
 * started beside it, and installed on a site as its admin, written once instead of per test file.
 */
import type { Config } from '../../src/config/config.ts';
import type { Scenario } from '../../src/scenarios/scenario.schemas.ts';
import {
  installTestApp,
  type ListeningVeil,
  startListeningVeil,
  startTestApp,
  type TestApp,
  type TestAppOptions,
} from '../connect/connect-support.ts';
import type { TestBackend } from './backends.ts';

/** A test app of the testbed: how it is started, and where it is installed. */
export interface TestbedApp extends Omit<TestAppOptions, 'veil'> {
  /** The site it is installed on and by whom (acme, by Olivia, when left out); `false`: started only. */
  readonly install?:
    | false
    | { readonly siteId: string; readonly as?: { readonly email: string; readonly token: string } };
}

/** The Veil (`startListeningVeil`; its `close` closes the apps first), and each app by its name. */
export type ConnectTestbed<Name extends string> = { readonly veil: ListeningVeil } & {
  readonly [N in Name]: TestApp;
};

/**
 * Starts a listening Veil (the demo scenario unless `options.scenario`), then the test apps named in
 * `apps`, then installs each in the order given (through the management API, asserting 201).
 */
export async function startConnectTestbed<
  const Apps extends Record<string, TestbedApp> & { readonly veil?: never },
>(
  backend: TestBackend,
  apps: Apps,
  options: { scenario?: Scenario; config?: Partial<Config> } = {},
): Promise<ConnectTestbed<keyof Apps & string>> {
  const listening = await startListeningVeil(backend, options);
  const started: Record<string, TestApp> = {};
  const veil: ListeningVeil = {
    ...listening,
    close: async () => {
      for (const app of Object.values(started)) await app.close();
      await listening.close();
    },
  };
  try {
    for (const [name, { install: _, ...app }] of Object.entries(apps)) {
      started[name] = await startTestApp({ ...app, veil: listening });
    }
    for (const [name, { install }] of Object.entries(apps)) {
      const app = started[name];
      if (app && install !== false) await installTestApp(listening, app, install?.siteId, install?.as);
    }
  } catch (error) {
    await veil.close();
    throw error;
  }
  return { ...started, veil } as ConnectTestbed<keyof Apps & string>;
}
