/** The webhooks an issue change queues, in the change's transaction (the service that changes, queues). */
import { sql, type Transaction } from 'kysely';
import type { Clock } from '../clock/clock.ts';
import type { Database } from '../db/schema.ts';
import { queueForgeIssueEvent } from '../forge/forge-events.jobs.ts';
import { queueIssueEvent } from '../webhooks/issue-events.service.ts';
import type { IssueEvent } from '../webhooks/webhooks.model.ts';
import { issueMatchesJql } from './issue-search.service.ts';
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
  db: Transaction<Database>,
  clock: Clock,
  change: { event: IssueEvent; actorId: string | null; issue: Issue; ids?: EventIds },
): Promise<void> {
  const { event, actorId, issue } = change;
  if (actorId === null) return;
  const types = await listIssueTypes(db, issue.siteId);
  const subject = { issueId: issue.id, issueKey: issue.key, projectKey: issue.projectKey };
  await queueForgeIssueEvent(db, clock, { event, siteId: issue.siteId, actorId, subject });
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
    // A deleted issue is no longer in the store: its filters are decided from the fields above alone.
    ...(event === 'jira:issue_deleted' ? {} : { matchesFilter: filterMatcher(db, clock, issue) }),
  });
}

/**
 * Decides a webhook's filter with the issue search, for the issue as the change leaves it (in the
 * change's transaction); undefined when the search cannot answer the filter, so the caller decides what
 * it can. A filter is the app's text: under a savepoint, whatever it makes the store refuse (a number
 * beyond a column's range, say) neither fails nor aborts the change it is about.
 */
function filterMatcher(db: Transaction<Database>, clock: Clock, issue: Issue) {
  return async (filter: string, appAccountId: string | null): Promise<boolean | undefined> => {
    const reader = { actorId: appAccountId, now: clock.now() };
    await sql`savepoint webhook_filter`.execute(db);
    try {
      const issueId = { siteId: issue.siteId, issueId: issue.id };
      const matched = await issueMatchesJql(db, issueId, reader, filter);
      await sql`release savepoint webhook_filter`.execute(db);
      return matched;
    } catch {
      await sql`rollback to savepoint webhook_filter`.execute(db);
      return undefined;
    }
  };
}
