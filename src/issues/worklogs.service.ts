/** The use cases of worklogs: log, edit and delete work (the author, or whoever administers the site's issues). */
import type { Kysely } from 'kysely';
import type { Caller } from '../auth/caller.ts';
import { parseInstant } from '../clock/instant.ts';
import type { Database } from '../db/schema.ts';
import { VeilError } from '../errors/veil-error.ts';
import type { Site } from '../sites/sites.model.ts';
import { queueIssueWebhook } from './issue-events.ts';
import { actorOf, checkNamedPeople, mayAdministerIssues } from './issues.access.ts';
import type { Issue } from './issues.model.ts';
import type { Deps } from './issues.service.ts';
import { mentionedAccountIds, readRichText, type StoredText } from './mentions.ts';
import {
  maySeeRestricted,
  type RestrictionReader,
  readRestriction,
  type VisibilityInput,
} from './restrictions.ts';
import { maxTimeSpentSeconds, parseTimeSpent } from './time-spent.ts';
import { type Worklog, worklogRowToWorklog } from './worklogs.model.ts';
import {
  deleteWorklogRow,
  findWorklogRow,
  insertWorklogRow,
  listWorklogRows,
  type NewWorklogRow,
  updateWorklogRow,
  type WorklogFilter,
} from './worklogs.repository.ts';

/** A worklog as a create or an update sends it (the spec's `Worklog`, writable fields). */
export interface WorklogInput {
  readonly comment?: unknown;
  readonly started?: string | undefined;
  readonly timeSpent?: string | undefined;
  readonly timeSpentSeconds?: number | undefined;
  readonly visibility?: VisibilityInput | undefined;
}

const invalid = (path: string, message: string) =>
  new VeilError('request.invalid', message, [{ path, message }]);

/** The worklog of the issue with this id (one the reader may see, when given), or the tracker's 404. */
export async function getWorklog(
  db: Kysely<Database>,
  issue: Issue,
  worklogId: string,
  reader?: RestrictionReader,
): Promise<Worklog> {
  const row = await findWorklogRow(db, issue.id, worklogId);
  const worklog = row ? worklogRowToWorklog(row) : undefined;
  if (!worklog || (reader && !maySeeRestricted(reader, worklog)))
    throw new VeilError('worklog.not_found', `Cannot find worklog with id: ${worklogId}.`);
  return worklog;
}

/** A page of the issue's worklogs the reader may see, started within the filter's bounds, oldest first, and how many there are. */
export async function listWorklogs(
  db: Kysely<Database>,
  issue: Issue,
  filter: WorklogFilter,
  page: { startAt: number; maxResults: number },
  reader: RestrictionReader,
): Promise<{ worklogs: Worklog[]; total: number }> {
  const { rows, total } = await listWorklogRows(db, issue.id, filter, page, reader);
  return { worklogs: rows.map(worklogRowToWorklog), total };
}

function readSeconds(input: WorklogInput, required: boolean): number | undefined {
  if (input.timeSpent !== undefined && input.timeSpentSeconds !== undefined)
    throw invalid('timeLogged', 'Give timeSpent or timeSpentSeconds, not both.');
  if (input.timeSpent === undefined && input.timeSpentSeconds === undefined) {
    if (required) throw invalid('timeLogged', 'You must indicate the time spent working.');
    return undefined;
  }
  const seconds =
    input.timeSpentSeconds !== undefined ? input.timeSpentSeconds : parseTimeSpent(input.timeSpent ?? '');
  if (seconds === undefined) throw invalid('timeLogged', 'Invalid time duration entered.');
  if (!Number.isInteger(seconds) || seconds < 60 || seconds > maxTimeSpentSeconds)
    throw invalid('timeLogged', 'Time spent must be at least a minute and at most ten years.');
  return seconds;
}

function readStarted(started: string | undefined, required: boolean): Date | undefined {
  if (started === undefined) {
    if (required) throw invalid('started', 'You must specify when the work started.');
    return undefined;
  }
  // The tracker writes offsets as `+0000`; the instant reader wants `+00:00`.
  const date = parseInstant(started.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  if (!date)
    throw invalid('started', 'started must be a date and time such as 2026-12-01T09:00:00.000+0000.');
  return date;
}

async function readComment(deps: Deps, site: Site, comment: unknown, version: '2' | '3') {
  if (comment === undefined || comment === null) return null;
  const stored: StoredText = readRichText(comment, version, 'comment');
  await checkNamedPeople(
    deps.directory,
    site,
    new Map([['comment', mentionedAccountIds(stored)]]),
    undefined,
  );
  return stored;
}

/** The row columns an input sets (all of them for a create, the ones given for an update). */
async function readInput(
  deps: Deps,
  site: Site,
  input: WorklogInput,
  options: { version: '2' | '3'; create: boolean },
): Promise<Partial<NewWorklogRow>> {
  const seconds = readSeconds(input, options.create);
  const started = readStarted(input.started, options.create);
  const restriction =
    options.create || input.visibility !== undefined ? readRestriction(input.visibility, 'worklog') : {};
  const given = options.create || input.comment !== undefined;
  const comment = given ? await readComment(deps, site, input.comment, options.version) : undefined;
  return {
    ...(seconds !== undefined ? { time_spent_seconds: seconds } : {}),
    ...(started ? { started_at: started } : {}),
    ...restriction,
    ...(comment !== undefined
      ? { comment: comment?.text ?? null, comment_format: comment?.format ?? 'wiki' }
      : {}),
  };
}

/** Logs work on the issue as the caller; returns the worklog. */
export async function addWorklog(
  deps: Deps,
  context: { site: Site; caller: Caller; issue: Issue; version: '2' | '3' },
  input: WorklogInput,
): Promise<Worklog> {
  const columns = await readInput(deps, context.site, input, { version: context.version, create: true });
  const now = deps.clock.now();
  const author = actorOf(context.caller);
  const { issue } = context;
  const id = await deps.db.transaction().execute(async (trx) => {
    const worklogId = await insertWorklogRow(trx, {
      ...(columns as NewWorklogRow),
      issue_id: issue.id,
      author_id: author,
      update_author_id: author,
      created_at: now,
      updated_at: now,
    });
    const ids = { worklogId };
    await queueIssueWebhook(trx, deps.clock, { event: 'worklog_created', actorId: author, issue, ids });
    return worklogId;
  });
  return getWorklog(deps.db, issue, id);
}

function requireMayChange(caller: Caller, site: Site, worklog: Worklog): void {
  if (mayAdministerIssues(caller, site)) return;
  if (worklog.authorId !== null && worklog.authorId === actorOf(caller)) return;
  throw new VeilError('auth.forbidden', 'You do not have the permission to change this worklog.');
}

/** Changes what the input gives of a worklog: its author, or an admin. */
export async function editWorklog(
  deps: Deps,
  context: { site: Site; caller: Caller; issue: Issue; version: '2' | '3' },
  worklog: Worklog,
  input: WorklogInput,
): Promise<Worklog> {
  requireMayChange(context.caller, context.site, worklog);
  const columns = await readInput(deps, context.site, input, { version: context.version, create: false });
  const actorId = actorOf(context.caller);
  const { issue } = context;
  await deps.db.transaction().execute(async (trx) => {
    await updateWorklogRow(trx, worklog.id, {
      ...columns,
      update_author_id: actorId,
      updated_at: deps.clock.now(),
    });
    const ids = { worklogId: worklog.id };
    await queueIssueWebhook(trx, deps.clock, { event: 'worklog_updated', actorId, issue, ids });
  });
  return getWorklog(deps.db, issue, worklog.id);
}

/** Deletes a worklog: its author, or an admin. */
export async function deleteWorklog(
  deps: Deps,
  context: { site: Site; caller: Caller; issue: Issue },
  worklog: Worklog,
): Promise<void> {
  requireMayChange(context.caller, context.site, worklog);
  const actorId = actorOf(context.caller);
  await deps.db.transaction().execute(async (trx) => {
    await deleteWorklogRow(trx, worklog.id);
    const ids = { worklogId: worklog.id };
    await queueIssueWebhook(trx, deps.clock, {
      event: 'worklog_deleted',
      actorId,
      issue: context.issue,
      ids,
    });
  });
}
