/** The webhooks an issue change queues, in the change's transaction (the service that changes, queues). */
import type { Kysely } from 'kysely';
import type { Clock } from '../clock/clock.ts';
import type { Database } from '../db/schema.ts';
import { queueIssueEvent } from '../webhooks/issue-events.service.ts';
import type { IssueEvent } from '../webhooks/webhooks.model.ts';
import type { Issue } from './issues.model.ts';
import { listIssueTypes } from './issues.repository.ts';

/** Ids of what the event is about, besides the issue. */
export interface EventIds {
  readonly commentId?: string;
  readonly worklogId?: string;
  readonly historyId?: string;
}

/** Queues `event` about the issue for every install that wants it; nobody acting (no account) queues none. */
export async function queueIssueWebhook(
  db: Kysely<Database>,
  clock: Clock,
  change: { event: IssueEvent; actorId: string | null; issue: Issue; ids?: EventIds },
): Promise<void> {
  const { event, actorId, issue } = change;
  if (actorId === null) return;
  const types = await listIssueTypes(db, issue.siteId);
  await queueIssueEvent(db, clock, {
    event,
    siteId: issue.siteId,
    actorId,
    subject: { issueId: issue.id, issueKey: issue.key, projectKey: issue.projectKey, ...change.ids },
    issue: {
      projectKey: issue.projectKey,
      projectId: issue.projectId,
      typeId: issue.typeId,
      typeName: types.find((t) => t.id === issue.typeId)?.name ?? issue.typeId,
    },
  });
}
