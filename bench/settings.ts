/** The benchmark's settings, from the environment (docs/performance.md lists them). */
import type { Generator } from './generate-world.ts';

export interface Settings {
  /** Accounts of the world to generate (a reused world keeps its own count). */
  readonly accounts: number;
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
  readonly connections: number;
  /** How many turns the routes take (each gets duration ÷ rounds per turn). */
  readonly rounds: number;
  /** A PostgreSQL database to use instead of PGlite: empty, or holding a world an earlier run made. */
  readonly databaseUrl: string | undefined;
  /** A PGlite folder to fill (or, if it already holds a world, to reuse); else a new temp folder. */
  readonly dataDir: string | undefined;
  /** How the world's rows are made; by default `sql` on PostgreSQL and `js` on PGlite. */
  readonly generator: Generator | undefined;
  /** Where the Veil process writes a CPU profile (`--cpu-prof`), if anywhere. */
  readonly cpuProfileDir: string | undefined;
  /** What to measure (all when unset): static, user, cold, bulk, search, staleness, and the abuse run. */
  readonly routes: ReadonlySet<string>;
  /** The accounts hot `GET /user` cycles through (few enough to stay in the cache). */
  readonly hotAccounts: number;
  /** Changes made through node A and waited for on node B (PostgreSQL only). */
  readonly stalenessSamples: number;
  /** How long the abuse run lasts, and how many hostile clients it has (see abuse.ts). */
  readonly abuseSeconds: number;
  readonly abuseJqlClients: number;
  readonly abuseSlowBodies: number;
}

export const allRoutes = 'static,user,cold,bulk,search,issue,jql,staleness,abuse';

export function readSettings(env: NodeJS.ProcessEnv): Settings {
  const number = (name: string, fallback: number) => {
    const value = Number(env[name] ?? fallback);
    if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number, not ${env[name]}`);
    return value;
  };
  const generator = env.VEIL_BENCH_GENERATOR || undefined;
  if (generator !== undefined && generator !== 'js' && generator !== 'sql') {
    throw new Error(`VEIL_BENCH_GENERATOR is js or sql, not ${generator}`);
  }
  return {
    accounts: Math.round(number('VEIL_BENCH_ACCOUNTS', 100_000)),
    durationSeconds: number('VEIL_BENCH_DURATION', 10),
    warmupSeconds: number('VEIL_BENCH_WARMUP', 3),
    connections: number('VEIL_BENCH_CONNECTIONS', 10),
    rounds: Math.max(1, Math.round(number('VEIL_BENCH_ROUNDS', 5))),
    databaseUrl: env.VEIL_BENCH_DATABASE_URL || undefined,
    dataDir: env.VEIL_BENCH_DATA || undefined,
    generator,
    cpuProfileDir: env.VEIL_BENCH_CPU_PROF || undefined,
    routes: new Set((env.VEIL_BENCH_ROUTES || allRoutes).split(',')),
    hotAccounts: Math.max(1, Math.round(number('VEIL_BENCH_HOT_ACCOUNTS', 200))),
    stalenessSamples: Math.max(1, Math.round(number('VEIL_BENCH_STALENESS_SAMPLES', 50))),
    abuseSeconds: number('VEIL_BENCH_ABUSE_SECONDS', 10),
    abuseJqlClients: Math.round(number('VEIL_BENCH_ABUSE_JQL_CLIENTS', 8)),
    abuseSlowBodies: Math.round(number('VEIL_BENCH_ABUSE_SLOW_BODIES', 1000)),
  };
}
