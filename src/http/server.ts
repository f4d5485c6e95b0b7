import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { JobRunner } from '../jobs/job-runner.ts';

/** The Fastify instance with TypeBox contracts, as every routes file receives it. */
export type VeilApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

declare module 'fastify' {
  interface FastifyInstance {
    /** The job runner of this Veil (`start()` it, or `runDue()` in tests); closed with the app. */
    jobs: JobRunner;
  }
}
