import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { Kysely } from 'kysely';
import type { ProfileReadCounter } from '../access-log/profile-reads.ts';
import type { Caller } from '../auth/caller.ts';
import type { Clock } from '../clock/clock.ts';
import type { Config } from '../config/config.ts';
import type { TokenUseRecorder } from '../credentials/token-uses.ts';
import type { Database } from '../db/schema.ts';
import type { Directory } from '../directory/directory.ts';
import type { JobRunner } from '../jobs/job-runner.ts';
import type { AuthFailureLimiter } from '../rate-limits/auth-failures.ts';
import type { Site } from '../sites/sites.model.ts';
import type { IdentityContext } from '../user-api/legacy-request.ts';
import type { LegacyUsageRecorder } from '../user-api/legacy-usage.ts';

/** What the session cookie of a request stood for. */
export type RequestSession =
  | { readonly state: 'none' }
  | { readonly state: 'expired' }
  | { readonly state: 'active'; readonly sessionId: string; readonly expiresAt: Date };

/** The Fastify instance with TypeBox contracts, as every routes file receives it. */
export type VeilApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

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

declare module 'fastify' {
  interface FastifyInstance {
    /** The job runner of this Veil (`start()` it, or `runDue()` in tests); closed with the app. */
    jobs: JobRunner;
  }
  interface FastifyRequest {
    /** Who made the request; resolved before any handler runs. */
    caller: Caller;
    /** The site that answers for the request's host (the default site otherwise); null when there is none. */
    site: Site | null;
    /** The session cookie the request carried: none, one that no longer signs in, or an active session. */
    session: RequestSession;
    /** The migration period as this request sees it, once worked out (`identityContextOf`); else null. */
    identity: IdentityContext | null;
  }
}
