/**
 * The use cases of issues: create, edit (every edit writes a changelog history in its transaction),
 * assign, transition, delete. People are checked against the site before anything is written.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../clock/clock.ts';
import type { Database } from '../db/schema.ts';
import type { IssueStatus } from '../db/tables/issues.table.ts';
import type { Directory } from '../directory/directory.ts';
import { VeilError } from '../errors/veil-error.ts';
import type { Site } from '../sites/sites.model.ts';
import { insertHistory } from './comments.repository.ts';
import { historyItemsOf, statusItem } from './issue-changes.ts';
import { queueIssueWebhook } from './issue-events.ts';
import { type FieldChanges, readFieldChanges, throwIfProblems } from './issue-fields.ts';
import { fieldsWithUpdate } from './issue-update-verbs.ts';
import { checkNamedPeople, issueNotFound } from './issues.access.ts';
import { type Issue, issueRowToIssue } from './issues.model.ts';
import {
  deleteIssueRow,
  findIssueRow,
  findProjectKeyById,
  insertIssueRow,
  listCustomFields,
  listFieldValues,
  listIssueTypes,
  replaceFieldValues,
  updateIssueRow,
} from './issues.repository.ts';
import { mentionedAccountIds } from './mentions.ts';
import { transitionsFrom } from './workflow.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly directory: Directory;
}

/** The site's issue with this key or id, or the tracker's 404. */
export async function getIssue(db: Kysely<Database>, site: Site, idOrKey: string): Promise<Issue> {
  const row = await findIssueRow(db, site.id, idOrKey);
  if (!row) throw issueNotFound();
  return issueRowToIssue(row);
}

/** The fields' context of a site: its issue types and user custom fields. */
export async function fieldContextOf(db: Kysely<Database>, site: Site, version: '2' | '3') {
  const [types, customFields] = await Promise.all([
    listIssueTypes(db, site.id),
    listCustomFields(db, site.id),
  ]);
  return { version, types, customFields };
}

/** The project key a create names (`{"key": …}` or `{"id": …}`), or a problem. */
async function readProject(db: Kysely<Database>, site: Site, value: unknown): Promise<string | undefined> {
  const ref = (value && typeof value === 'object' ? value : {}) as { key?: unknown; id?: unknown };
  if (typeof ref.key === 'string') return site.projects.find((p) => p.key === ref.key)?.key;
  if (ref.id !== undefined) return findProjectKeyById(db, site.id, String(ref.id));
  return undefined;
}

/** Every accountId a change names, by field (for the site check). */
function namedPeopleOf(changes: FieldChanges): Map<string, string[]> {
  const named = new Map<string, string[]>();
  if (changes.reporterId) named.set('reporter', [changes.reporterId]);
  for (const [id, ids] of changes.custom) named.set(`customfield_${id}`, ids);
  if (changes.description) named.set('description', mentionedAccountIds(changes.description));
  return named;
}

async function checkChanges(deps: Deps, site: Site, changes: FieldChanges): Promise<void> {
  await checkNamedPeople(deps.directory, site, namedPeopleOf(changes), changes.assigneeId);
}

/** A create's or an edit's body: the fields to set, and the `update` operations on them. */
export interface IssueInput {
  readonly fields: Record<string, unknown>;
  readonly update?: Record<string, unknown> | undefined;
}

/** Creates an issue from the `fields` (and `update`) of a create; returns its id and key. */
export async function createIssue(
  deps: Deps,
  site: Site,
  actorId: string | null,
  input: IssueInput,
  version: '2' | '3',
): Promise<{ id: string; key: string }> {
  const context = await fieldContextOf(deps.db, site, version);
  const current = { labels: [], custom: new Map(), customFields: context.customFields };
  const fields = fieldsWithUpdate(input.fields, input.update, current);
  const projectKey = await readProject(deps.db, site, fields.project);
  const changes = readFieldChanges(fields, context, ['project']);
  throwIfProblems({
    ...(projectKey ? {} : { project: 'Specify a valid project ID or key' }),
    ...(changes.typeId ? {} : { issuetype: 'Specify an issue type' }),
    ...(changes.summary ? {} : { summary: 'You must specify a summary of the issue.' }),
  });
  await checkChanges(deps, site, changes);
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const id = await insertIssueRow(trx, {
      site_id: site.id,
      project_key: projectKey as string,
      type_id: changes.typeId as string,
      summary: changes.summary as string,
      description: changes.description?.text ?? null,
      description_format: changes.description?.format ?? (version === '3' ? 'adf' : 'wiki'),
      status: 'To Do',
      priority: changes.priority ?? 'Medium',
      labels: (changes.labels ?? []).join(' '),
      reporter_id: changes.reporterId === undefined ? actorId : changes.reporterId,
      assignee_id: changes.assigneeId ?? null,
      creator_id: actorId,
      created_at: now,
      updated_at: now,
    });
    for (const [fieldId, ids] of changes.custom) await replaceFieldValues(trx, id, fieldId, ids);
    const row = await findIssueRow(trx, site.id, id);
    const issue = issueRowToIssue(row as NonNullable<typeof row>);
    await queueIssueWebhook(trx, deps.clock, { event: 'jira:issue_created', actorId, issue });
    return { id, key: issue.key };
  });
}

/** Applies the changes of an edit and writes their history (none when nothing changed). */
async function applyChanges(
  deps: Deps,
  site: Site,
  actorId: string | null,
  issue: Issue,
  changes: FieldChanges,
) {
  const context = await fieldContextOf(deps.db, site, '3');
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const custom = await listFieldValues(trx, issue.id);
    const items = historyItemsOf(issue, changes, { ...context, custom });
    if (items.length === 0) return;
    const { summary, description, typeId, priority, labels, reporterId, assigneeId } = changes;
    await updateIssueRow(trx, issue.id, {
      ...(summary !== undefined ? { summary } : {}),
      ...(description !== undefined
        ? {
            description: description?.text ?? null,
            ...(description ? { description_format: description.format } : {}),
          }
        : {}),
      ...(typeId !== undefined ? { type_id: typeId } : {}),
      ...(priority !== undefined ? { priority } : {}),
      ...(labels !== undefined ? { labels: labels.join(' ') } : {}),
      ...(reporterId !== undefined ? { reporter_id: reporterId } : {}),
      ...(assigneeId !== undefined ? { assignee_id: assigneeId } : {}),
      updated_at: now,
    });
    for (const [fieldId, ids] of changes.custom) await replaceFieldValues(trx, issue.id, fieldId, ids);
    const historyId = await insertHistory(trx, issue.id, actorId, now, items);
    const event = 'jira:issue_updated';
    await queueIssueWebhook(trx, deps.clock, { event, actorId, issue, ids: { historyId } });
  });
}

/** Edits an issue's `fields` (and applies its `update`); every change is a changelog history. */
export async function editIssue(
  deps: Deps,
  site: Site,
  actorId: string | null,
  issue: Issue,
  input: IssueInput & { version: '2' | '3' },
): Promise<void> {
  const context = await fieldContextOf(deps.db, site, input.version);
  const current = { labels: issue.labels, custom: await listFieldValues(deps.db, issue.id), ...context };
  const changes = readFieldChanges(fieldsWithUpdate(input.fields, input.update, current), context);
  await checkChanges(deps, site, changes);
  await applyChanges(deps, site, actorId, issue, changes);
}

/** Assigns the issue (null: unassigned). */
export async function assignIssue(
  deps: Deps,
  site: Site,
  actorId: string | null,
  issue: Issue,
  to: string | null,
) {
  const changes: FieldChanges = { assigneeId: to, custom: new Map() };
  await checkChanges(deps, site, changes);
  await applyChanges(deps, site, actorId, issue, changes);
}

/** Moves the issue along a transition open from its status; a transition that does not exist is a 400. */
export async function transitionIssue(
  deps: Deps,
  actorId: string | null,
  issue: Issue,
  transitionId: string,
): Promise<void> {
  const transition = transitionsFrom(issue.status).find((t) => t.id === transitionId);
  if (!transition) {
    throw new VeilError('request.invalid', `Transition id '${transitionId}' is not valid for this issue.`, [
      { path: 'transition', message: `Transition id '${transitionId}' is not valid for this issue.` },
    ]);
  }
  const to: IssueStatus = transition.to.name;
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await updateIssueRow(trx, issue.id, { status: to, updated_at: now });
    const historyId = await insertHistory(trx, issue.id, actorId, now, [statusItem(issue.status, to)]);
    const event = 'jira:issue_updated';
    await queueIssueWebhook(trx, deps.clock, { event, actorId, issue, ids: { historyId } });
  });
}

/** Deletes the issue with its comments, worklogs, history, watchers and votes. */
export async function deleteIssue(deps: Deps, actorId: string | null, issue: Issue): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    await deleteIssueRow(trx, issue.id);
    await queueIssueWebhook(trx, deps.clock, { event: 'jira:issue_deleted', actorId, issue });
  });
}
