/**
 * Forge events to the app's remote, through the durable job queue: whoever causes an event enqueues a
 * `forge.event` job (in its own transaction when it has one), and the runner POSTs it to each trigger of
 * the installation's manifest in force that subscribes to it, at `baseUrl` + the trigger's path, with
 * `Authorization: Bearer <FIT>`. Forge's contract for events: a 5 s timeout and 4 retries.
 */
import type { Kysely } from 'kysely';
import { postToApp } from '../apps/app-client.ts';
import type { Clock } from '../clock/clock.ts';
import type { Config } from '../config/config.ts';
import type { Database, StoreDeps } from '../db/schema.ts';
import { exponentialBackoff, type JobContext, JobFailure, type JobRunner } from '../jobs/job-runner.ts';
import { enqueueJob } from '../jobs/jobs.service.ts';
import { cloudIdOf } from '../sites/sites.model.ts';
import { getSite } from '../sites/sites.service.ts';
import type { ForgeManifest } from './forge.manifest.ts';
import { findForgeInstallationById, listForgeInstallations } from './forge-installs.repository.ts';
import { findForgeSigningKey } from './forge-keys.ts';
import { signInvocationToken } from './invocation-token.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps extends StoreDeps {
  readonly config: Config;
  readonly jobs: JobRunner;
}

export const forgeEventJob = 'forge.event';
const eventTimeoutMs = 5000;

export interface ForgeEvent {
  readonly installationId: string;
  /** `avi:forge:installed:app`, `avi:jira:created:issue`, … */
  readonly eventType: string;
  /** The person who caused it, if a person did. */
  readonly principal?: string;
  /** What the event is about, as ids only: bodies are rendered when sent. */
  readonly subject?: Readonly<Record<string, string>>;
}

/** Writes the event's job in the caller's transaction (`db` may be one). */
export async function enqueueForgeEvent(
  db: Kysely<Database>,
  clock: Clock,
  event: ForgeEvent,
): Promise<void> {
  await enqueueJob(db, clock, { kind: forgeEventJob, payload: event });
}

/** Registers the `forge.event` job kind. */
export function registerForgeEventDelivery(deps: Deps): void {
  deps.jobs.register(forgeEventJob, (context) => deliverForgeEvent(deps, context), {
    maxAttempts: 5,
    backoffMs: exponentialBackoff(5000, 10 * 60 * 1000),
    leaseMs: eventTimeoutMs * 4 + 30_000,
  });
}

async function deliverForgeEvent(deps: Deps, { job }: JobContext): Promise<void> {
  const event = job.payload as ForgeEvent;
  const installation = await findForgeInstallationById(deps.db, event.installationId);
  // Uninstalled, or gone with its site: nothing to tell.
  if (!installation) return;
  const manifest = installation.manifest as ForgeManifest;
  const triggers = manifest.triggers.filter((t) => t.events.includes(event.eventType));
  if (triggers.length === 0) return;
  const site = await getSite(deps.db, installation.site_id);
  const cloudId = cloudIdOf(site.id);
  const key = await findForgeSigningKey(deps.db, deps.clock, deps.config.connectSecretKey);
  for (const trigger of triggers) {
    const remote = manifest.remotes.find((r) => r.key === trigger.endpoint.remote);
    if (!remote) continue;
    const invocation = {
      appId: installation.app_id,
      installationId: installation.installation_id,
      version: installation.version,
      cloudId,
      siteUrl: site.baseUrl,
      apiBaseUrl: `${new URL(site.baseUrl).origin}/ex/jira/${cloudId}`,
      moduleKey: trigger.key,
      ...(event.principal ? { principal: event.principal } : {}),
    };
    const fit = await signInvocationToken(key, invocation, deps.clock.now());
    const body = {
      eventType: event.eventType,
      context: { cloudId, moduleKey: trigger.key },
      ...event.subject,
    };
    const url = `${remote.baseUrl.replace(/\/+$/, '')}${trigger.endpoint.path}`;
    const answer = await postToApp(url, body, { authorization: `Bearer ${fit}` }, eventTimeoutMs);
    if (!answer.ok)
      throw new JobFailure(`the remote ${remote.key} did not take the event: ${answer.problem}`);
  }
}

const issueEventTypes: Readonly<Record<string, string>> = {
  'jira:issue_created': 'avi:jira:created:issue',
  'jira:issue_updated': 'avi:jira:updated:issue',
  'jira:issue_deleted': 'avi:jira:deleted:issue',
};

/**
 * Queues a tracker issue event (`jira:issue_created`, …) for every Forge app on the site whose manifest
 * in force subscribes to its Forge name, in the change's transaction. Ids only: no person is embedded.
 */
export async function queueForgeIssueEvent(
  db: Kysely<Database>,
  clock: Clock,
  change: { event: string; siteId: string; actorId: string; subject: Readonly<Record<string, string>> },
): Promise<void> {
  const eventType = issueEventTypes[change.event];
  if (!eventType) return;
  for (const installation of await listForgeInstallations(db, change.siteId)) {
    const triggers = (installation.manifest as ForgeManifest).triggers;
    if (!triggers.some((t) => t.events.includes(eventType))) continue;
    const { installation_id: installationId } = installation;
    await enqueueForgeEvent(db, clock, {
      installationId,
      eventType,
      principal: change.actorId,
      subject: { ...change.subject, atlassianId: change.actorId },
    });
  }
}
