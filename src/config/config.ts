import { parseArgs } from 'node:util';

/** Where Veil keeps its data: PGlite in a folder or in memory, or a PostgreSQL server. */
export type StoreConfig =
  | { readonly kind: 'pglite'; readonly dataDir: string | null }
  | { readonly kind: 'postgres'; readonly url: string };

/** Everything Veil is started with, parsed once and frozen. */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly store: StoreConfig;
  /** The scenario file to load; null means the demo scenario when the store is empty. */
  readonly scenarioFile: string | null;
  readonly bodyLimitBytes: number;
  readonly sessionTtlSeconds: number;
  readonly logLevel: string;
}

/** Thrown with every problem in the arguments and environment at once. */
export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Veil cannot start:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = problems;
  }
}

const defaults = {
  port: 8080,
  host: '127.0.0.1',
  dataDir: './.veil-data',
  bodyLimitBytes: 256 * 1024,
  sessionTtlSeconds: 8 * 60 * 60,
  logLevel: 'info',
};

/** The values a test or embedding program may set directly, with defaults for the rest. */
export function createConfig(overrides: Partial<Config> = {}): Config {
  return Object.freeze({
    port: defaults.port,
    host: defaults.host,
    store: { kind: 'pglite', dataDir: null } as StoreConfig,
    scenarioFile: null,
    bodyLimitBytes: defaults.bodyLimitBytes,
    sessionTtlSeconds: defaults.sessionTtlSeconds,
    logLevel: 'silent',
    ...overrides,
  });
}

/** Parses `veil start` arguments and the environment; reports all problems together. */
export function parseStartConfig(argv: readonly string[], env: NodeJS.ProcessEnv): Config {
  const problems: string[] = [];
  let values: Record<string, string | boolean | undefined> = {};
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        data: { type: 'string' },
        memory: { type: 'boolean' },
        scenario: { type: 'string' },
        'database-url': { type: 'string' },
        'log-level': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    problems.push((error as Error).message);
  }
  const port = parsePort(String(values.port ?? env.PORT ?? defaults.port), problems);
  const databaseUrl = (values['database-url'] as string | undefined) ?? env.VEIL_DATABASE_URL;
  const store = chooseStore(values, databaseUrl, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({
    port,
    host: (values.host as string | undefined) ?? env.HOST ?? defaults.host,
    store: Object.freeze(store),
    scenarioFile: (values.scenario as string | undefined) ?? null,
    bodyLimitBytes: defaults.bodyLimitBytes,
    sessionTtlSeconds: defaults.sessionTtlSeconds,
    logLevel: (values['log-level'] as string | undefined) ?? env.LOG_LEVEL ?? defaults.logLevel,
  });
}

function parsePort(raw: string, problems: string[]): number {
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    problems.push(`--port must be a whole number from 0 to 65535, not "${raw}"`);
  }
  return port;
}

function chooseStore(
  values: Record<string, string | boolean | undefined>,
  databaseUrl: string | undefined,
  problems: string[],
): StoreConfig {
  const chosen = [
    values.memory && '--memory',
    values.data && '--data',
    databaseUrl && '--database-url',
  ].filter(Boolean);
  if (chosen.length > 1) problems.push(`choose one store, not ${chosen.join(' and ')}`);
  if (databaseUrl) {
    if (!/^postgres(ql)?:\/\//.test(databaseUrl)) {
      problems.push('--database-url must start with postgres:// or postgresql://');
    }
    return { kind: 'postgres', url: databaseUrl };
  }
  if (values.memory) return { kind: 'pglite', dataDir: null };
  return { kind: 'pglite', dataDir: (values.data as string | undefined) ?? defaults.dataDir };
}
