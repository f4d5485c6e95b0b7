/** The webhook events of a project change, queued in the change's transaction (see part 4 of issue 15). */
import type { Kysely } from 'kysely';
import type { Clock } from '../clock/clock.ts';
import type { Database } from '../db/schema.ts';
import type { TrackerProject } from './projects.model.ts';

export type ProjectEventName = 'project_created' | 'project_updated' | 'project_deleted';

/** A change of one project: which, by whom, and (when deleted) what it was. */
export interface ProjectEvent {
  readonly siteId: string;
  readonly key: string;
  readonly event: ProjectEventName;
  readonly actorId: string | null;
  readonly deleted?: TrackerProject;
}

/** Queues the event for the apps that declare it. Not yet wired: no project webhooks are sent. */
export async function queueProjectEvent(
  _db: Kysely<Database>,
  _clock: Clock,
  _event: ProjectEvent,
): Promise<void> {}
