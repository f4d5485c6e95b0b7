/** What a representation of an issue reads besides the issue: its site's fields, user field values, people, history. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { findHistoryRows, listCommentRows, listHistoryRows } from './comments.repository.ts';
import {
  type CustomField,
  type CustomValues,
  commentRowToComment,
  type History,
  historyItemRowToItem,
  type Issue,
  type IssueComment,
  type IssueType,
} from './issues.model.ts';
import {
  listCustomFields,
  listFieldValues,
  listFieldValuesOf,
  listIssuePeople,
  listIssuePeopleOf,
  listIssueTypes,
} from './issues.repository.ts';
import type { RestrictionReader } from './restrictions.ts';

export interface IssueDetails {
  readonly types: readonly IssueType[];
  readonly customFields: readonly CustomField[];
  readonly custom: CustomValues;
  readonly watchers: readonly string[];
  readonly voters: readonly string[];
  /** The whole changelog, when asked for (`expand=changelog`). */
  readonly histories: readonly History[] | null;
}

/** A page of the issue's histories, oldest first, and how many there are. */
export async function listHistories(
  db: Kysely<Database>,
  issueId: string,
  startAt: number,
  maxResults: number,
): Promise<{ histories: History[]; total: number }> {
  const { histories, items, total } = await listHistoryRows(db, issueId, startAt, maxResults);
  return {
    total,
    histories: histories.map((h) => ({
      id: String(h.history_id),
      authorId: h.author_id,
      created: new Date(h.created_at),
      items: items.filter((i) => String(i.history_id) === String(h.history_id)).map(historyItemRowToItem),
    })),
  };
}

/** One history of the issue with its items, or undefined. */
export async function findHistory(db: Kysely<Database>, historyId: string): Promise<History | undefined> {
  const found = await findHistoryRows(db, historyId);
  if (!found) return undefined;
  return {
    id: String(found.history.history_id),
    authorId: found.history.author_id,
    created: new Date(found.history.created_at),
    items: found.items.map(historyItemRowToItem),
  };
}

/** A page of the issue's comments the reader may see, oldest first, and how many there are. */
export async function listComments(
  db: Kysely<Database>,
  issueId: string,
  page: { startAt: number; maxResults: number },
  reader: RestrictionReader,
): Promise<{ comments: IssueComment[]; total: number }> {
  const { rows, total } = await listCommentRows(db, issueId, page, reader);
  return { comments: rows.map(commentRowToComment), total };
}

/** Everything an issue's representation needs, read together. */
export async function loadIssueDetails(
  db: Kysely<Database>,
  issue: Issue,
  withChangelog: boolean,
): Promise<IssueDetails> {
  const [types, customFields, custom, watchers, voters, changelog] = await Promise.all([
    listIssueTypes(db, issue.siteId),
    listCustomFields(db, issue.siteId),
    listFieldValues(db, issue.id),
    listIssuePeople(db, 'issue_watchers', issue.id),
    listIssuePeople(db, 'issue_votes', issue.id),
    withChangelog ? listHistories(db, issue.id, 0, 100) : null,
  ]);
  return { types, customFields, custom, watchers, voters, histories: changelog?.histories ?? null };
}

/** The details of many issues of one site, read in a few queries whatever their number (a search's page). */
export async function loadIssuesDetails(
  db: Kysely<Database>,
  siteId: string,
  issues: readonly Issue[],
  withChangelog: boolean,
): Promise<Map<string, IssueDetails>> {
  const ids = issues.map((issue) => issue.id);
  const [types, customFields, custom, watchers, voters] = await Promise.all([
    listIssueTypes(db, siteId),
    listCustomFields(db, siteId),
    listFieldValuesOf(db, ids),
    listIssuePeopleOf(db, 'issue_watchers', ids),
    listIssuePeopleOf(db, 'issue_votes', ids),
  ]);
  const details = new Map<string, IssueDetails>();
  for (const issue of issues) {
    const histories = withChangelog ? (await listHistories(db, issue.id, 0, 100)).histories : null;
    details.set(issue.id, {
      types,
      customFields,
      custom: custom.get(issue.id) ?? new Map(),
      watchers: watchers.get(issue.id) ?? [],
      voters: voters.get(issue.id) ?? [],
      histories,
    });
  }
  return details;
}
