import type { Kysely } from 'kysely';
import { ProfileReadCounter } from './access-log/profile-reads.ts';
import type { AppInputs } from './app.ts';
import type { Clock } from './clock/clock.ts';
import type { Config } from './config/config.ts';
import { TokenUseRecorder } from './credentials/token-uses.ts';
import type { Database } from './db/schema.ts';
import { Directory, defaultCacheLimits } from './directory/directory.ts';
import type { VeilApp } from './http/server.ts';
import { JobRunner } from './jobs/job-runner.ts';
import { AuthFailureLimiter } from './rate-limits/auth-failures.ts';
import { LegacyUsageRecorder } from './user-api/legacy-usage.ts';

/**
 * Each routes, jobs or service file declares the part of these it uses (its own `Deps`); the composition
 * root builds them once and passes this whole object, which has every part.
 */
/** What every part of Veil is built from; made once, in the composition root. */
export interface Dependencies {
  readonly config: Config;
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  /** The in-memory read model that the read paths use. */
  readonly directory: Directory;
  /** The process's one job runner: handlers register on it; `veil start` starts it. */
  readonly jobs: JobRunner;
  /** Counts of calls that still named users by username or key (see src/migration). */
  readonly legacyUsage: LegacyUsageRecorder;
  /** How often each app was shown each profile, per day (the person's access log); counted in memory. */
  readonly profileReads: ProfileReadCounter;
  /** When each API token was last used; noted in memory, written in batches. */
  readonly tokenUses: TokenUseRecorder;
  /** Failed sign-ins and authentications per address and account, and the lock-out they lead to. */
  readonly authFailures: AuthFailureLimiter;
}

/** What every part of Veil is built from, made once: the directory, the job runner and the counters. */
export async function createDependencies(app: VeilApp, inputs: AppInputs): Promise<Dependencies> {
  const { entries, megabytes } = inputs.config.directoryCache;
  const directory = await Directory.open(inputs.db, inputs.listen, {
    cache: { ...defaultCacheLimits, entries, bytes: megabytes * 1024 * 1024 },
    follow: inputs.config.changes,
  });
  const jobs = new JobRunner({
    db: inputs.db,
    clock: inputs.clock,
    log: app.log,
    listen: inputs.listen,
    exclusiveStore: inputs.exclusiveStore ?? false,
  });
  const deps: Dependencies = Object.freeze({
    config: inputs.config,
    db: inputs.db,
    clock: inputs.clock,
    directory,
    jobs,
    legacyUsage: new LegacyUsageRecorder(inputs.db, inputs.clock),
    profileReads: new ProfileReadCounter(inputs.db, inputs.clock, inputs.config.countFlushMs),
    tokenUses: new TokenUseRecorder(inputs.db, inputs.clock, inputs.config.countFlushMs),
    authFailures: new AuthFailureLimiter(app, inputs.config.rateLimits),
  });
  return deps;
}
