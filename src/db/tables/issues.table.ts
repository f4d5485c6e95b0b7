import type { Generated } from 'kysely';

export type TextFormat = 'wiki' | 'adf';
export type IssueStatus = 'To Do' | 'In Progress' | 'Done';

/** The tables of issues (src/issues): accountIds only, never a name or an address. */
export interface IssueTables {
  issue_types: { site_id: string; type_id: string; name: string };
  issue_custom_fields: { site_id: string; field_id: number; name: string; field_type: 'user' | 'multiuser' };
  issue_projects: {
    site_id: string;
    project_key: string;
    project_id: string;
    last_number: Generated<number>;
  };
  issues: {
    issue_id: Generated<string>;
    site_id: string;
    project_key: string;
    issue_number: number;
    type_id: string;
    summary: string;
    description: string | null;
    description_format: TextFormat;
    status: IssueStatus;
    priority: string;
    labels: string;
    reporter_id: string | null;
    assignee_id: string | null;
    creator_id: string | null;
    created_at: Date;
    updated_at: Date;
  };
  issue_field_values: { issue_id: string; field_id: number; position: number; account_id: string };
  issue_watchers: { issue_id: string; account_id: string };
  issue_votes: { issue_id: string; account_id: string };
  issue_comments: {
    comment_id: Generated<string>;
    issue_id: string;
    author_id: string | null;
    update_author_id: string | null;
    body: string;
    body_format: TextFormat;
    visibility_type: 'group' | 'role' | null;
    visibility_value: string | null;
    created_at: Date;
    updated_at: Date;
  };
  issue_worklogs: {
    worklog_id: Generated<string>;
    issue_id: string;
    author_id: string | null;
    update_author_id: string | null;
    comment: string | null;
    comment_format: TextFormat;
    visibility_type: 'group' | 'role' | null;
    visibility_value: string | null;
    time_spent_seconds: string | number;
    started_at: Date;
    created_at: Date;
    updated_at: Date;
  };
  issue_histories: {
    history_id: Generated<string>;
    issue_id: string;
    author_id: string | null;
    created_at: Date;
  };
  issue_history_items: {
    history_id: string;
    position: number;
    field: string;
    field_type: 'jira' | 'custom';
    field_id: string;
    is_user: boolean;
    from_value: string | null;
    from_string: string | null;
    to_value: string | null;
    to_string: string | null;
  };
}
