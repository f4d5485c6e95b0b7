/** Issues as the rest of the capability reads them, and the mappers from their rows. */
import type { Selectable } from 'kysely';
import type { IssueStatus, IssueTables } from '../db/tables/issues.table.ts';
import type { StoredText } from './mentions.ts';

export type IssueRow = Selectable<IssueTables['issues']> & { project_id: string };
export type CommentRow = Selectable<IssueTables['issue_comments']>;
export type HistoryItemRow = Selectable<IssueTables['issue_history_items']>;

export interface Issue {
  readonly id: string;
  readonly key: string;
  readonly siteId: string;
  readonly projectKey: string;
  readonly projectId: string;
  readonly typeId: string;
  readonly summary: string;
  readonly description: StoredText | null;
  readonly status: IssueStatus;
  readonly priority: string;
  readonly labels: readonly string[];
  readonly reporterId: string | null;
  readonly assigneeId: string | null;
  readonly creatorId: string | null;
  readonly created: Date;
  readonly updated: Date;
}

export interface IssueComment {
  readonly id: string;
  readonly issueId: string;
  readonly authorId: string | null;
  readonly updateAuthorId: string | null;
  readonly body: StoredText;
  readonly visibility: { readonly type: 'group' | 'role'; readonly value: string } | null;
  readonly created: Date;
  readonly updated: Date;
}

/** One changed field: user items hold accountIds in from/to, and no names (rendered when read). */
export interface HistoryItem {
  readonly field: string;
  readonly fieldType: 'jira' | 'custom';
  readonly fieldId: string;
  readonly isUser: boolean;
  readonly from: string | null;
  readonly fromString: string | null;
  readonly to: string | null;
  readonly toString: string | null;
}

export interface History {
  readonly id: string;
  readonly authorId: string | null;
  readonly created: Date;
  readonly items: readonly HistoryItem[];
}

export interface IssueType {
  readonly id: string;
  readonly name: string;
}

export interface CustomField {
  readonly id: number;
  readonly name: string;
  readonly type: 'user' | 'multiuser';
}

export const issueStatuses: readonly IssueStatus[] = ['To Do', 'In Progress', 'Done'];

/** Field values of user custom fields, by field id: accountIds in order. */
export type CustomValues = ReadonlyMap<number, readonly string[]>;

export function issueRowToIssue(row: IssueRow): Issue {
  return {
    id: String(row.issue_id),
    key: `${row.project_key}-${row.issue_number}`,
    siteId: row.site_id,
    projectKey: row.project_key,
    projectId: row.project_id,
    typeId: row.type_id,
    summary: row.summary,
    description: row.description === null ? null : { format: row.description_format, text: row.description },
    status: row.status,
    priority: row.priority,
    labels: row.labels === '' ? [] : row.labels.split(' '),
    reporterId: row.reporter_id,
    assigneeId: row.assignee_id,
    creatorId: row.creator_id,
    created: new Date(row.created_at),
    updated: new Date(row.updated_at),
  };
}

export function commentRowToComment(row: CommentRow): IssueComment {
  return {
    id: String(row.comment_id),
    issueId: String(row.issue_id),
    authorId: row.author_id,
    updateAuthorId: row.update_author_id,
    body: { format: row.body_format, text: row.body },
    visibility:
      row.visibility_type && row.visibility_value !== null
        ? { type: row.visibility_type, value: row.visibility_value }
        : null,
    created: new Date(row.created_at),
    updated: new Date(row.updated_at),
  };
}

export function historyItemRowToItem(row: HistoryItemRow): HistoryItem {
  return {
    field: row.field,
    fieldType: row.field_type,
    fieldId: row.field_id,
    isUser: row.is_user,
    from: row.from_value,
    fromString: row.from_string,
    to: row.to_value,
    toString: row.to_string,
  };
}
