import { fileURLToPath } from 'node:url';
import { createApp } from '../app.ts';
import { type Clock, MovableClock, systemClock } from '../clock/clock.ts';
import type { Config } from '../config/config.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { openStore, type Store } from '../db/store.ts';
import { notifyAppsOfErasure } from '../erasure/erasure.notify.ts';
import { type LedgerReconciliation, reconcileErasureLedger } from '../erasure/erasure.restore.ts';
import type { VeilApp } from '../http/server.ts';
import { findClockOffset } from '../movable-clock/movable-clock.repository.ts';
import { loadScenario, readScenarioFile, type ScenarioLoadResult } from '../scenarios/scenario.loader.ts';
import { choosePort, followListenAddress, listenUrl } from './listen-address.ts';

export const demoScenarioPath = fileURLToPath(new URL('../../scenarios/demo.json', import.meta.url));

export interface RunningVeil {
  readonly app: VeilApp;
  readonly store: Store;
  readonly url: string;
  /** The demo's default site's base URL, which follows the address Veil listens on; null without the demo. */
  readonly siteUrl: string | null;
  readonly scenario: ScenarioLoadResult | null;
  /** What the start did with the erasure ledger (erasures re-applied to a restored backup). */
  readonly ledger: LedgerReconciliation;
  stop(): Promise<void>;
}

async function isStoreEmpty(store: Store): Promise<boolean> {
  const row = await store.db.selectFrom('accounts').select('account_id').limit(1).executeTakeFirst();
  const loads = await store.db
    .selectFrom('scenario_loads')
    .select('scenario_hash')
    .limit(1)
    .executeTakeFirst();
  return row === undefined && loads === undefined;
}

/** The wall clock, or one that can be moved ahead of it when Veil runs with `--movable-clock`. */
export function clockFor(config: Config): Clock {
  return config.movableClock ? new MovableClock(systemClock) : systemClock;
}

/** The scenario file given, else the demo into an empty store; null when neither is loaded. */
async function loadStartScenario(
  store: Store,
  clock: Clock,
  config: Config,
  scenarioFile: ScenarioFile | null,
): Promise<ScenarioLoadResult | null> {
  const scenarioOptions = { deletionGracePeriod: config.deletionGracePeriod };
  if (scenarioFile) return loadScenario(store.db, clock, scenarioFile.scenario, scenarioOptions);
  if (!(await isStoreEmpty(store))) return null;
  const demo = await readScenarioFile(demoScenarioPath);
  return loadScenario(store.db, clock, demo.scenario, scenarioOptions);
}

type ScenarioFile = Awaited<ReturnType<typeof readScenarioFile>>;

/** Opens the store, migrates it, loads the scenario (or the demo into an empty store) and listens. */
export async function startVeil(config: Config, clock: Clock = clockFor(config)): Promise<RunningVeil> {
  const scenarioPath = config.scenarioFile;
  const scenarioFile = scenarioPath ? await readScenarioFile(scenarioPath) : null;
  const store = await openStore(config.store);
  try {
    await migrateToLatest(store.db);
    // A moved clock stays moved across restarts: time in Veil never goes back.
    if (clock instanceof MovableClock) clock.restoreOffset(await findClockOffset(store.db));
    const scenario = await loadStartScenario(store, clock, config, scenarioFile);
    // After the scenario, so that nothing loaded at start brings an erased person back.
    const ledger = await reconcileErasureLedger(
      { db: store.db, clock, config },
      { notifyApps: notifyAppsOfErasure },
    );
    const port = await choosePort(config.host, config.port);
    const siteUrl = scenarioFile
      ? null
      : await followListenAddress(
          store.db,
          (await readScenarioFile(demoScenarioPath)).scenario,
          listenUrl(config.host, port),
        );
    const app = await createApp({
      config,
      db: store.db,
      clock,
      listen: store.listen,
      exclusiveStore: store.kind === 'pglite',
    });
    await app.listen({ port, host: config.host });
    // After listening: jobs call out to apps, which may call back (install keys, REST).
    await app.jobs.start();
    return {
      app,
      store,
      url: `http://${config.host}:${port}`,
      siteUrl,
      scenario,
      ledger,
      stop: async () => {
        await app.close();
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
