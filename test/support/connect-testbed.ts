/**
 * The setup the Connect tests share: the test apps of `connect-support`, a Veil that really listens
 * (its scenario may name the apps), and the apps installed on a site by its admin.
 */
import { type Clock, systemClock } from '../../src/clock/clock.ts';
import type { Config } from '../../src/config/config.ts';
import type { Scenario } from '../../src/scenarios/scenario.schemas.ts';
import {
  type InstallingVeil,
  installTestApp,
  type ListeningVeil,
  startListeningVeil,
  startTestApp,
  type TestApp,
  type TestAppOptions,
} from '../connect/connect-support.ts';
import type { TestBackend } from './backends.ts';
import { basicAuth } from './veil-process.ts';

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

/** What the testbed's Veil is started with; `scenario` may be built from the apps (their URLs). */
export interface TestbedVeilOptions<Name extends string> {
  readonly scenario?: Scenario | ((apps: { readonly [N in Name]: TestApp }) => Scenario);
  readonly config?: Partial<Config>;
}

/** A Veil the apps verify with: where it listens (filled in once it does) and its clock. */
type VeilForApps = { url: string; clock: Clock };

/**
 * Starts the test apps named in `apps`, then a listening Veil (the demo scenario unless
 * `options.scenario`), then installs each app in the order given (through the management API, which
 * must answer 201). The apps verify by the Veil's key endpoint and clock once it listens.
 */
export async function startConnectTestbed<
  const Apps extends Record<string, TestbedApp> & { readonly veil?: never },
>(
  backend: TestBackend,
  apps: Apps,
  options: TestbedVeilOptions<keyof Apps & string> = {},
): Promise<ConnectTestbed<keyof Apps & string>> {
  type Started = { [N in keyof Apps & string]: TestApp };
  // The apps start first (a scenario may name their URLs) and learn where Veil listens once it does.
  const holder: VeilForApps = { url: '', clock: systemClock };
  const started: Record<string, TestApp> = {};
  const closeApps = () => closeAll(started);
  const listening = await cleaningUpOnFailure(closeApps, async () => {
    await startApps(apps, holder, started);
    const { scenario, config } = options;
    const built = typeof scenario === 'function' ? scenario(started as Started) : scenario;
    return startListeningVeil(backend, {
      ...(built ? { scenario: built } : {}),
      ...(config ? { config } : {}),
    });
  });
  holder.url = listening.url;
  holder.clock = listening.clock;
  const close = async () => {
    await closeApps();
    await listening.close();
  };
  await cleaningUpOnFailure(close, () => installApps(listening, apps, started));
  return { ...started, veil: { ...listening, close } } as ConnectTestbed<keyof Apps & string>;
}

/** The apps of a testbed whose Veil runs elsewhere, and `close`, which closes them all. */
export type TestbedApps<Name extends string> = { readonly [N in Name]: TestApp } & {
  close(): Promise<void>;
};

/**
 * The testbed for a Veil that runs in another process: starts the test apps named in `apps`, which
 * verify with `veil` (read when they verify: a restarted Veil may change its URL), and installs each
 * in the order given, over HTTP (the management API must answer 201).
 */
export async function startTestbedApps<
  const Apps extends Record<string, TestbedApp> & { readonly close?: never },
>(veil: VeilForApps, apps: Apps): Promise<TestbedApps<keyof Apps & string>> {
  const started: Record<string, TestApp> = {};
  const close = () => closeAll(started);
  await cleaningUpOnFailure(close, async () => {
    await startApps(apps, veil, started);
    await installApps(requestingOverHttp(veil.url), apps, started);
  });
  return { ...started, close } as TestbedApps<keyof Apps & string>;
}

/** Starts each app of `apps` into `started` (by its name), verifying with `veil`. */
async function startApps(
  apps: Record<string, TestbedApp>,
  veil: VeilForApps,
  started: Record<string, TestApp>,
): Promise<void> {
  for (const [name, { install: _, ...app }] of Object.entries(apps)) {
    started[name] = await startTestApp({ ...app, veil });
  }
}

/** Installs each started app where its `install` says (acme by Olivia unless told; `false`: not at all). */
async function installApps(
  veil: InstallingVeil,
  apps: Record<string, TestbedApp>,
  started: Record<string, TestApp>,
): Promise<void> {
  for (const [name, { install }] of Object.entries(apps)) {
    const app = started[name];
    if (app && install !== false) await installTestApp(veil, app, install?.siteId, install?.as);
  }
}

async function closeAll(started: Record<string, TestApp>): Promise<void> {
  for (const app of Object.values(started)) await app.close();
}

/** `request` of a test Veil, sent over HTTP to the Veil at `baseUrl`. */
function requestingOverHttp(baseUrl: string): InstallingVeil {
  return {
    request: async ({ method = 'GET', url, as, body, headers = {} }) => {
      const response = await fetch(`${baseUrl}${url}`, {
        method,
        headers: {
          ...(as ? basicAuth(as.email, as.token) : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      return { statusCode: response.status, body: await response.text() };
    },
  };
}

/** `work`, and `cleanUp` when it fails (the failure is thrown on). */
async function cleaningUpOnFailure<T>(cleanUp: () => Promise<void>, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    await cleanUp();
    throw error;
  }
}
