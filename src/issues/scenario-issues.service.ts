/**
 * Issues declared by a scenario file (see docs/scenarios.md): checked against the file (projects, people,
 * custom fields, text), then written with their user fields, watchers, voters, comments, worklogs and history.
 */
import type { Kysely } from 'kysely';
import { parseInstant } from '../clock/instant.ts';
import type { Database } from '../db/schema.ts';
import type { IssueStatus } from '../db/tables/issues.table.ts';
import { insertCommentRow, insertHistory } from './comments.repository.ts';
import type { CustomField, HistoryItem } from './issues.model.ts';
import {
  addIssuePerson,
  insertCustomField,
  insertNumberedIssueRow,
  replaceFieldValues,
} from './issues.repository.ts';
import { parseAdf, readRichText, type StoredText } from './mentions.ts';
import {
  findScenarioWorklogProblems,
  type ScenarioWorklogInput,
  writeScenarioWorklogs,
} from './scenario-worklogs.ts';
import { statusInfo } from './workflow.ts';

/** What a scenario site declares about issues (the shapes of `scenario.schemas.ts`). */
export interface IssueSite {
  readonly id: string;
  readonly projects?: readonly { key: string }[];
  readonly customFields?: readonly { id: string; name: string; type: 'user' | 'multiuser' }[];
  readonly issues?: readonly ScenarioIssueInput[];
}

export interface ScenarioIssueInput {
  key: string;
  project: string;
  type?: string;
  summary: string;
  description?: string | object;
  status?: IssueStatus;
  priority?: string;
  labels?: string[];
  reporter?: string;
  assignee?: string;
  creator?: string;
  watchers?: string[];
  voters?: string[];
  fields?: Record<string, string | string[]>;
  created?: string;
  updated?: string;
  comments?: {
    author: string;
    body: string | object;
    created?: string;
    visibility?: { type: 'group' | 'role'; value: string };
  }[];
  worklogs?: ScenarioWorklogInput[];
  history?: {
    author: string;
    created: string;
    items: { field: string; from?: string | null; to?: string | null }[];
  }[];
}

const defaultTypes: Record<string, string> = { Task: '10001', Bug: '10002', Story: '10003' };
const systemUserFields = new Set(['assignee', 'reporter', 'creator']);
const fieldNumber = (id: string) => Number(id.replace('customfield_', ''));

type Add = (path: string, message: string) => void;

function textOf(value: string | object): StoredText {
  return typeof value === 'string' ? readRichText(value, '2', 'text') : readRichText(value, '3', 'text');
}

function checkText(path: string, value: unknown, add: Add): void {
  if (typeof value === 'string') return;
  try {
    parseAdf(value, 'text');
  } catch (error) {
    add(path, `is not an ADF document: ${(error as Error).message}`);
  }
}

function checkInstant(path: string, value: string | undefined, add: Add): void {
  if (value !== undefined && parseInstant(value) === undefined)
    add(path, 'is not an ISO 8601 instant with an offset, such as 2026-11-01T10:00:00Z');
}

function checkFields(
  site: IssueSite,
  issue: ScenarioIssueInput,
  path: string,
  add: Add,
  requireAccount: Add,
) {
  for (const [name, value] of Object.entries(issue.fields ?? {})) {
    const field = site.customFields?.find((f) => f.id === name);
    if (!field) add(`${path}.fields.${name}`, 'is not a custom field the site declares');
    else if (field.type === 'user' && typeof value !== 'string')
      add(`${path}.fields.${name}`, 'is a user picker: give one accountId');
    else if (field.type === 'multiuser' && !Array.isArray(value))
      add(`${path}.fields.${name}`, 'is a multi-user picker: give an array of accountIds');
    for (const id of [value].flat()) requireAccount(`${path}.fields.${name}`, id);
  }
}

function checkHistory(
  site: IssueSite,
  issue: ScenarioIssueInput,
  path: string,
  add: Add,
  requireAccount: Add,
) {
  for (const [h, history] of (issue.history ?? []).entries()) {
    requireAccount(`${path}.history[${h}].author`, history.author);
    checkInstant(`${path}.history[${h}].created`, history.created, add);
    for (const [i, item] of history.items.entries()) {
      const isUser = systemUserFields.has(item.field) || site.customFields?.some((f) => f.id === item.field);
      for (const id of isUser ? [item.from, item.to] : [])
        if (id) requireAccount(`${path}.history[${h}].items[${i}]`, id);
    }
  }
}

/** The problems of one site's custom fields and issues, each at its path; `requireAccount` checks people. */
export function findScenarioIssueProblems(
  site: IssueSite,
  path: string,
  add: Add,
  requireAccount: Add,
): void {
  const keys = new Set<string>();
  for (const [n, issue] of (site.issues ?? []).entries()) {
    const at = `${path}.issues[${n}]`;
    if (!site.projects?.some((p) => p.key === issue.project))
      add(`${at}.project`, `is not a project of the site ${site.id}`);
    if (!issue.key.startsWith(`${issue.project}-`))
      add(`${at}.key`, `must start with its project's key ${issue.project}-`);
    if (keys.has(issue.key)) add(`${at}.key`, 'is used twice');
    keys.add(issue.key);
    if (issue.type !== undefined && !defaultTypes[issue.type])
      add(`${at}.type`, 'must be Task, Bug or Story');
    for (const field of ['reporter', 'assignee', 'creator'] as const) {
      const id = issue[field];
      if (id) requireAccount(`${at}.${field}`, id);
    }
    for (const id of [...(issue.watchers ?? []), ...(issue.voters ?? [])])
      requireAccount(`${at}.watchers`, id);
    if (issue.description !== undefined) checkText(`${at}.description`, issue.description, add);
    checkInstant(`${at}.created`, issue.created, add);
    checkInstant(`${at}.updated`, issue.updated, add);
    for (const [c, comment] of (issue.comments ?? []).entries()) {
      requireAccount(`${at}.comments[${c}].author`, comment.author);
      checkText(`${at}.comments[${c}].body`, comment.body, add);
      checkInstant(`${at}.comments[${c}].created`, comment.created, add);
    }
    findScenarioWorklogProblems(issue.worklogs, at, add, requireAccount);
    checkFields(site, issue, at, add, requireAccount);
    checkHistory(site, issue, at, add, requireAccount);
  }
}

function historyItemOf(
  fields: readonly CustomField[],
  item: { field: string; from?: string | null; to?: string | null },
): HistoryItem {
  const from = item.from ?? null;
  const to = item.to ?? null;
  const custom = fields.find((f) => `customfield_${f.id}` === item.field);
  const base = { field: item.field, fieldType: 'jira', fieldId: item.field } as const;
  if (custom || systemUserFields.has(item.field)) {
    const user = { ...base, isUser: true, from, fromString: null, to, toString: null };
    return custom ? { ...user, field: custom.name, fieldType: 'custom' } : user;
  }
  if (item.field === 'status') {
    const id = (name: string | null) => (name === null ? null : statusInfo(name as IssueStatus).id);
    return { ...base, isUser: false, from: id(from), fromString: from, to: id(to), toString: to };
  }
  return { ...base, isUser: false, from: null, fromString: from, to: null, toString: to };
}

async function writeIssuePeople(
  db: Kysely<Database>,
  id: string,
  issue: ScenarioIssueInput,
  fields: readonly CustomField[],
) {
  for (const [name, value] of Object.entries(issue.fields ?? {}))
    await replaceFieldValues(db, id, fieldNumber(name), [value].flat());
  for (const watcher of issue.watchers ?? []) await addIssuePerson(db, 'issue_watchers', id, watcher);
  for (const voter of issue.voters ?? []) await addIssuePerson(db, 'issue_votes', id, voter);
  for (const history of issue.history ?? [])
    await insertHistory(
      db,
      id,
      history.author,
      parseInstant(history.created) as Date,
      history.items.map((i) => historyItemOf(fields, i)),
    );
}

async function writeIssue(
  db: Kysely<Database>,
  siteId: string,
  issue: ScenarioIssueInput,
  now: Date,
  fields: readonly CustomField[],
) {
  const created = issue.created ? (parseInstant(issue.created) as Date) : now;
  const description = issue.description === undefined ? null : textOf(issue.description);
  const id = await insertNumberedIssueRow(
    db,
    {
      site_id: siteId,
      project_key: issue.project,
      type_id: defaultTypes[issue.type ?? 'Task'] ?? '10001',
      summary: issue.summary,
      description: description?.text ?? null,
      description_format: description?.format ?? 'wiki',
      status: issue.status ?? 'To Do',
      priority: issue.priority ?? 'Medium',
      labels: (issue.labels ?? []).join(' '),
      reporter_id: issue.reporter ?? null,
      assignee_id: issue.assignee ?? null,
      creator_id: issue.creator ?? issue.reporter ?? null,
      created_at: created,
      updated_at: issue.updated ? (parseInstant(issue.updated) as Date) : created,
    },
    Number(issue.key.slice(issue.project.length + 1)),
  );
  await writeIssuePeople(db, id, issue, fields);
  await writeScenarioWorklogs(db, id, issue.worklogs, created);
  for (const comment of issue.comments ?? []) {
    const body = textOf(comment.body);
    const at = comment.created ? (parseInstant(comment.created) as Date) : created;
    await insertCommentRow(db, {
      issue_id: id,
      author_id: comment.author,
      update_author_id: comment.author,
      body: body.text,
      body_format: body.format,
      visibility_type: comment.visibility?.type ?? null,
      visibility_value: comment.visibility?.value ?? null,
      created_at: at,
      updated_at: at,
    });
  }
}

/** Writes a site's custom fields and issues (after its projects and people). */
export async function writeScenarioIssues(db: Kysely<Database>, site: IssueSite, now: Date): Promise<void> {
  const fields: CustomField[] = (site.customFields ?? []).map((f) => ({
    id: fieldNumber(f.id),
    name: f.name,
    type: f.type,
  }));
  for (const field of fields) await insertCustomField(db, site.id, field);
  for (const issue of site.issues ?? []) await writeIssue(db, site.id, issue, now, fields);
}
