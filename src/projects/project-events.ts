/** The webhook events of a project change, queued in the change's transaction (the service that changes, queues). */
import type { Kysely } from 'kysely';
import type { Clock } from '../clock/clock.ts';
import type { Database } from '../db/schema.ts';
import { queueDeclaredEvent } from '../webhooks/declared-events.service.ts';
import type { ProjectEvent as ProjectEventName } from '../webhooks/webhooks.model.ts';
import type { TrackerProject } from './projects.model.ts';
import { findProjectRow } from './projects.repository.ts';

/** A change of one project: which, by whom, and (when deleted) what it was. */
export interface ProjectChange {
  readonly siteId: string;
  readonly key: string;
  readonly event: ProjectEventName;
  readonly actorId: string | null;
  readonly deleted?: TrackerProject;
}

/** Queues the event for the apps that declare it; nobody acting (no account) queues none. */
export async function queueProjectEvent(
  db: Kysely<Database>,
  clock: Clock,
  change: ProjectChange,
): Promise<void> {
  const { actorId, deleted } = change;
  if (actorId === null) return;
  const projectId = deleted?.id ?? (await findProjectRow(db, change.siteId, change.key))?.project_id;
  if (projectId === undefined) return;
  const subject = {
    projectId,
    projectKey: change.key,
    ...(deleted ? { deleted: { name: deleted.name, leadId: deleted.leadId } } : {}),
  };
  const { event, siteId } = change;
  await queueDeclaredEvent(db, clock, { event, product: 'jira', siteId, actorId, subject });
}
