/**
 * Sends webhook deliveries, one job each: the body rendered for the receiving app at the moment it is
 * sent, `Authorization: JWT` (HS256 with the install's shared secret, `iss` the client key, `qsh` over
 * the app-relative path, `sub` the person who made the change), the `x-atlassian-webhook-*` headers with
 * the same identifier on every attempt. Every attempt is recorded; what the app may answer next time
 * (no answer, 408, 409, 425, 429, 5xx) is tried again with backoff, anything else fails the delivery.
 */

import type { ProfileReadCounter } from '../access-log/profile-reads.ts';
import type { AppAnswer } from '../apps/app-client.ts';
import { postToApp } from '../apps/app-client.ts';
import { describeCallbackActor } from '../apps/callback-actor.ts';
import { appBaseUrl } from '../apps/descriptor.validate.ts';
import { findInstallCredentials, type InstallCredentials } from '../apps/installed-apps.service.ts';
import { encodeJwt } from '../apps/jwt.ts';
import { appIdentityMode } from '../apps/legacy-identities.ts';
import { computeQsh, parseRawUrl } from '../apps/qsh.ts';
import type { Config } from '../config/config.ts';
import type { StoreDeps } from '../db/schema.ts';
import type { Directory } from '../directory/directory.ts';
import type { JobRunner } from '../jobs/job-runner.ts';
import { exponentialBackoff, type JobContext, JobFailure } from '../jobs/job-runner.ts';
import { acceptsLegacyIdentifiers } from '../sites/migration-stage.ts';
import type { Viewer } from '../visibility/visibility.ts';
import {
  type FilterWebhookRenderer,
  type IssueWebhookBodyInput,
  type IssueWebhookRenderer,
  type ProjectWebhookRenderer,
  renderWebhookBody,
  type WikiWebhookRenderer,
} from './webhook-payload.ts';
import {
  type FilterEventSubject,
  type IssueEventSubject,
  isFilterEvent,
  isIssueEvent,
  isProjectEvent,
  isWikiEvent,
  type ProjectEventSubject,
  type UserEvent,
  type WikiEventSubject,
} from './webhooks.model.ts';
import {
  type DeliveryRow,
  findDeliveryRow,
  recordDeliveryAttemptRow,
  updateDeliveryRow,
} from './webhooks.repository.ts';
import { deliverWebhookJob } from './webhooks.service.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps extends StoreDeps {
  readonly config: Config;
  readonly directory: Directory;
  readonly jobs: JobRunner;
  readonly profileReads: ProfileReadCounter;
  /** The body of an issue event for its app (from the issues capability, wired by the composition root). */
  readonly issueWebhookBodies: IssueWebhookRenderer;
  /** The body of a project event for its app (from the projects capability). */
  readonly projectWebhookBodies: ProjectWebhookRenderer;
  /** The body of a filter event for its app (from the filters capability). */
  readonly filterWebhookBodies: FilterWebhookRenderer;
  /** The body of a wiki event for its app (from the wiki capability). */
  readonly wikiWebhookBodies: WikiWebhookRenderer;
}

/** Attempts at one delivery: the first and five retries, as the product makes. */
export const webhookMaxAttempts = 6;
const connectVersion = '1001.0.0';
const tokenValiditySeconds = 180;
const retryableStatuses = new Set([408, 409, 425, 429]);

type DeliveryDeps = Deps;

/** Registers the delivery job on the runner. */
export function registerWebhookDelivery(deps: DeliveryDeps): void {
  deps.jobs.register(deliverWebhookJob, (context) => deliverWebhook(deps, context), {
    maxAttempts: webhookMaxAttempts,
    backoffMs: exponentialBackoff(5000, 10 * 60 * 1000),
    // The app has the configured timeout to answer; the lease outlasts it.
    leaseMs: deps.config.connectTimeoutMs + 30_000,
  });
}

async function deliverWebhook(deps: DeliveryDeps, { job, attempt, maxAttempts }: JobContext): Promise<void> {
  const { db, clock, config } = deps;
  const { deliveryId } = job.payload as { deliveryId: string };
  const delivery = await findDeliveryRow(db, deliveryId);
  // Already sent (a job run again after its runner stopped), or gone with its site.
  if (delivery?.status !== 'pending') return;
  const install = await findInstallCredentials(
    db,
    config.connectSecretKey,
    delivery.site_id,
    delivery.client_key,
  );
  if (!install?.install.enabled) {
    const reason = install ? 'the app is disabled on the site' : 'the app is no longer installed on the site';
    await updateDeliveryRow(db, deliveryId, {
      status: 'dropped',
      last_error: reason,
      finished_at: clock.now(),
    });
    return;
  }
  const { body, context } = await prepareDelivery(deps, delivery, install);
  const answer = await postToApp(
    delivery.url,
    body,
    await deliveryHeaders(deps, delivery, install, attempt, context),
    config.connectTimeoutMs,
  );
  const again = !answer.ok && isRetryable(answer) && attempt < maxAttempts;
  await recordAttempt(deps, delivery, attempt, answer, again);
  if (answer.ok) return;
  throw new JobFailure(describeAppProblem(answer.problem), {
    retry: again,
    ...(answer.retryAfterSeconds !== undefined ? { retryAfterMs: answer.retryAfterSeconds * 1000 } : {}),
  });
}

/** The body and the (legacy-stage) context claim of a delivery, rendered for its app as things are now. */
async function prepareDelivery(deps: DeliveryDeps, delivery: DeliveryRow, install: InstallCredentials) {
  const { db, clock, directory } = deps;
  // As things are now: every change committed before this attempt (the one it tells of included).
  await directory.sync();
  const site = directory.site(delivery.site_id);
  // Sites are never removed; an install's site that is not there is a store that broke.
  if (!site) throw new JobFailure(`the site ${delivery.site_id} is not in the directory`);
  const viewer: Viewer = { kind: 'app', appKey: install.app.appKey, accountId: install.app.accountId };
  const shared = {
    viewer,
    site,
    occurredAt: delivery.created_at,
    legacy: acceptsLegacyIdentifiers(appIdentityMode(install.install, site, clock.now())),
    matchedWebhookIds: delivery.matched_webhook_ids
      ? (JSON.parse(delivery.matched_webhook_ids) as number[])
      : null,
  };
  const body = await renderDeliveryBody(deps, delivery, install, shared);
  const { context } = await describeCallbackActor(
    db,
    clock,
    site,
    {
      descriptor: install.install.descriptor,
      appKey: install.app.appKey,
      appAccountId: install.app.accountId,
    },
    delivery.acting_account_id ?? undefined,
  );
  return { body, context };
}

type SharedInput = Omit<IssueWebhookBodyInput, 'event' | 'subject' | 'actorId'>;

/**
 * The body of the delivery: a wiki content's, an issue's, a project's or a filter's (each from its
 * capability), or a user's.
 */
async function renderDeliveryBody(
  deps: DeliveryDeps,
  delivery: DeliveryRow,
  install: InstallCredentials,
  shared: SharedInput,
): Promise<object> {
  const actorId = delivery.account_id;
  // The wiki's installs get the wiki's events only (its comment events share the tracker's names).
  if (install.install.productType === 'confluence' && isWikiEvent(delivery.event) && delivery.subject) {
    const subject = JSON.parse(delivery.subject) as WikiEventSubject;
    return deps.wikiWebhookBodies({ ...shared, event: delivery.event, subject, actorId });
  }
  if (isIssueEvent(delivery.event) && delivery.subject !== null) {
    const subject = JSON.parse(delivery.subject) as IssueEventSubject;
    return deps.issueWebhookBodies({ ...shared, event: delivery.event, subject, actorId });
  }
  if (isProjectEvent(delivery.event) && delivery.subject !== null) {
    const subject = JSON.parse(delivery.subject) as ProjectEventSubject;
    return deps.projectWebhookBodies({ ...shared, event: delivery.event, subject, actorId });
  }
  if (isFilterEvent(delivery.event) && delivery.subject !== null) {
    const subject = JSON.parse(delivery.subject) as FilterEventSubject;
    return deps.filterWebhookBodies({ ...shared, event: delivery.event, subject });
  }
  return renderWebhookBody(deps, {
    ...shared,
    event: delivery.event as UserEvent,
    accountId: actorId,
    entry: await deps.directory.entry(actorId),
    productType: install.install.productType,
  });
}

async function deliveryHeaders(
  deps: DeliveryDeps,
  delivery: DeliveryRow,
  install: InstallCredentials,
  attempt: number,
  context: object | undefined,
): Promise<Record<string, string>> {
  const iat = Math.floor(deps.clock.now().getTime() / 1000);
  const claims = {
    iss: install.install.clientKey,
    ...(delivery.acting_account_id ? { sub: delivery.acting_account_id } : {}),
    iat,
    exp: iat + tokenValiditySeconds,
    // Over the app-relative path: the app strips its own base URL's path before hashing.
    qsh: computeQsh(parseRawUrl('POST', delivery.url), {
      contextPath: appBaseUrl(install.install.descriptor),
    }),
    ...(context ? { context } : {}),
  };
  return {
    authorization: `JWT ${await encodeJwt(claims, install.sharedSecret, { alg: 'HS256' })}`,
    'atlassian-connect-version': connectVersion,
    'x-atlassian-webhook-identifier': delivery.delivery_id,
    'x-atlassian-webhook-flow': attempt === 1 ? 'Primary' : 'Secondary',
    ...(attempt > 1 ? { 'x-atlassian-webhook-retry': String(attempt - 1) } : {}),
  };
}

/** `it answered 503` → `the app answered 503`: the words the delivery log shows. */
function describeAppProblem(problem: string): string {
  return problem.replace(/^it /, 'the app ');
}

function isRetryable(answer: Extract<AppAnswer, { ok: false }>): boolean {
  return answer.status === undefined || answer.status >= 500 || retryableStatuses.has(answer.status);
}

async function recordAttempt(
  deps: DeliveryDeps,
  delivery: DeliveryRow,
  attempt: number,
  answer: AppAnswer,
  again: boolean,
): Promise<void> {
  const now = deps.clock.now();
  const outcome = answer.ok ? 'delivered' : again ? 'retrying' : 'failed';
  const error = answer.ok ? null : describeAppProblem(answer.problem);
  await deps.db.transaction().execute((trx) =>
    recordDeliveryAttemptRow(
      trx,
      {
        delivery_id: delivery.delivery_id,
        attempt,
        attempted_at: now,
        response_status: answer.status ?? null,
        outcome,
        error,
      },
      {
        status: outcome === 'retrying' ? 'pending' : outcome,
        attempts: attempt,
        last_error: error,
        finished_at: outcome === 'retrying' ? null : now,
      },
    ),
  );
}
