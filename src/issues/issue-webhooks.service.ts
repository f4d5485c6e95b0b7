/**
 * The bodies of issue webhooks (the shapes of the tracker's webhook docs), rendered for the receiving app
 * when sent: the issue, comment, worklog and changelog read from their rows now, every person in them the
 * tracker user object the one decision makes for that app. A thing deleted before the delivery is named
 * by its ids only (nothing of it is kept).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Site } from '../sites/sites.model.ts';
import type { UserViews } from '../user-api/sent-views.ts';
import type { IssueWebhookBodyInput, IssueWebhookRenderer } from '../webhooks/webhook-payload.ts';
import { peopleOfHistories, renderHistoryItem } from './changelog.representation.ts';
import { findCommentRow } from './comments.repository.ts';
import { peopleOfComments, renderComment } from './comments.representation.ts';
import { findHistory, loadIssueDetails } from './issue-reads.service.ts';
import { commentRowToComment, type History, type Issue, issueRowToIssue } from './issues.model.ts';
import { findIssueRow } from './issues.repository.ts';
import { issueSelf, peopleOfIssue, renderIssue } from './issues.representation.ts';
import { type Audience, loadPeople, type People } from './people.representation.ts';
import { maySeeRestricted, outsideReader } from './restrictions.ts';
import { worklogRowToWorklog } from './worklogs.model.ts';
import { findWorklogRow } from './worklogs.repository.ts';
import { peopleOfWorklogs, renderWorklog } from './worklogs.representation.ts';

/** What the renderer reads from. */
export interface Deps extends UserViews {
  readonly db: Kysely<Database>;
}

const eventTypeNames: Record<string, string> = {
  'jira:issue_created': 'issue_created',
  'jira:issue_deleted': 'issue_deleted',
  comment_created: 'issue_commented',
  comment_updated: 'issue_comment_edited',
  comment_deleted: 'issue_comment_deleted',
};

/** What an event's rows are now (each undefined once deleted). */
async function readSubject(db: Kysely<Database>, site: Site, input: IssueWebhookBodyInput) {
  const { subject } = input;
  const row = await findIssueRow(db, site.id, subject.issueId);
  const issue = row ? issueRowToIssue(row) : undefined;
  const [comment, worklog, history, details] = await Promise.all([
    subject.commentId ? findCommentRow(db, subject.issueId, subject.commentId) : undefined,
    subject.worklogId ? findWorklogRow(db, subject.issueId, subject.worklogId) : undefined,
    subject.historyId ? findHistory(db, subject.historyId) : undefined,
    issue ? loadIssueDetails(db, issue, false) : undefined,
  ]);
  return {
    issue,
    details,
    comment: comment ? commentRowToComment(comment) : undefined,
    worklog: worklog ? worklogRowToWorklog(worklog) : undefined,
    history,
  };
}

type Subject = Awaited<ReturnType<typeof readSubject>>;

function peopleOfSubject(actorId: string, found: Subject): (string | null)[] {
  return [
    actorId,
    ...(found.issue && found.details ? peopleOfIssue(found.issue, found.details) : []),
    ...(found.comment ? peopleOfComments([found.comment]) : []),
    ...(found.worklog ? peopleOfWorklogs([found.worklog]) : []),
    ...(found.history ? peopleOfHistories([found.history]) : []),
  ];
}

/** The issue as the body shows it: the whole `IssueBean`, or its ids once it is gone. */
function renderIssuePart(people: People, input: IssueWebhookBodyInput, found: Subject) {
  const { subject, site } = input;
  if (!found.issue || !found.details) {
    return {
      id: subject.issueId,
      key: subject.issueKey,
      self: issueSelf(site.baseUrl, '2', subject.issueId),
    };
  }
  return renderIssue(people, found.issue, found.details, { expand: new Set(), callerId: null });
}

function renderChangelog(people: People, history: History) {
  return { id: history.id, items: history.items.map((item) => renderHistoryItem(people, item)) };
}

function typeNameOf(input: IssueWebhookBodyInput, found: Subject): string | undefined {
  if (input.event !== 'jira:issue_updated') return eventTypeNames[input.event];
  const fields = found.history?.items.map((item) => item.field) ?? [];
  return fields.length === 1 && fields[0] === 'assignee' ? 'issue_assigned' : 'issue_generic';
}

/**
 * What of a restricted comment or worklog the app may see: an app is in no group and holds no role, so
 * one restricted to a group or role is named by its ids only (the author's own, in full).
 */
function visibleToApp<T extends { authorId: string | null; visibility: Restriction }>(
  input: IssueWebhookBodyInput,
  restricted: T | undefined,
): T | undefined {
  if (!restricted) return undefined;
  const appAccountId = input.viewer.kind === 'app' ? input.viewer.accountId : null;
  return maySeeRestricted(outsideReader(appAccountId), restricted) ? restricted : undefined;
}

function renderParts(people: People, input: IssueWebhookBodyInput, found: Subject, issue: Issue | undefined) {
  const { subject, site, event } = input;
  const base = `${issueSelf(site.baseUrl, '2', subject.issueId)}`;
  const shownComment = visibleToApp(input, found.comment);
  const shownWorklog = visibleToApp(input, found.worklog);
  if (event.startsWith('comment_')) {
    const comment =
      shownComment && issue
        ? renderComment(people, issue, shownComment)
        : { id: subject.commentId, self: `${base}/comment/${subject.commentId}` };
    return { comment, issue: renderIssuePart(people, input, found) };
  }
  if (event.startsWith('worklog_')) {
    const worklog =
      shownWorklog && issue
        ? renderWorklog(people, issue, shownWorklog)
        : { id: subject.worklogId, self: `${base}/worklog/${subject.worklogId}`, issueId: subject.issueId };
    return { worklog };
  }
  return {
    issue: renderIssuePart(people, input, found),
    ...(found.history ? { changelog: renderChangelog(people, found.history) } : {}),
  };
}

type Restriction = { type: string; value: string } | null;

/** The renderer of issue webhook bodies the delivery job calls (wired by the composition root). */
export function createIssueWebhookRenderer(deps: Deps): IssueWebhookRenderer {
  return async (input) => {
    const found = await readSubject(deps.db, input.site, input);
    const audience: Audience = {
      users: deps,
      site: input.site,
      viewer: input.viewer,
      version: '2',
      legacy: input.legacy ? { selfForm: 'accountId' } : null,
    };
    const people = await loadPeople(audience, peopleOfSubject(input.actorId, found));
    const eventType = typeNameOf(input, found);
    const user = people.user(input.actorId);
    return {
      timestamp: input.occurredAt.getTime(),
      webhookEvent: input.event,
      ...(eventType ? { issue_event_type_name: eventType } : {}),
      ...(user && !input.event.startsWith('worklog_') ? { user } : {}),
      ...renderParts(people, input, found, found.issue),
      ...(input.matchedWebhookIds ? { matchedWebhookIds: input.matchedWebhookIds } : {}),
    };
  };
}
