/** Worklogs as the rest of the capability reads them, and the mapper from their rows. */
import type { Selectable } from 'kysely';
import type { IssueTables } from '../db/tables/issues.table.ts';
import type { StoredText } from './mentions.ts';

export type WorklogRow = Selectable<IssueTables['issue_worklogs']>;

export interface Worklog {
  readonly id: string;
  readonly issueId: string;
  readonly authorId: string | null;
  readonly updateAuthorId: string | null;
  readonly comment: StoredText | null;
  readonly visibility: { readonly type: 'group' | 'role'; readonly value: string } | null;
  readonly timeSpentSeconds: number;
  readonly started: Date;
  readonly created: Date;
  readonly updated: Date;
}

export function worklogRowToWorklog(row: WorklogRow): Worklog {
  return {
    id: String(row.worklog_id),
    issueId: String(row.issue_id),
    authorId: row.author_id,
    updateAuthorId: row.update_author_id,
    comment: row.comment === null ? null : { format: row.comment_format, text: row.comment },
    visibility:
      row.visibility_type && row.visibility_value !== null
        ? { type: row.visibility_type, value: row.visibility_value }
        : null,
    timeSpentSeconds: Number(row.time_spent_seconds),
    started: new Date(row.started_at),
    created: new Date(row.created_at),
    updated: new Date(row.updated_at),
  };
}
