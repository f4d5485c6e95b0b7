/** The SQL of worklogs. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { IssueTables } from '../db/tables/issues.table.ts';
import { visibleToReader } from './restrictions.repository.ts';
import type { RestrictionReader } from './restrictions.ts';
import type { WorklogRow } from './worklogs.model.ts';

type Db = Kysely<Database>;
export type NewWorklogRow = Omit<IssueTables['issue_worklogs'], 'worklog_id'>;

export async function insertWorklogRow(db: Db, row: NewWorklogRow): Promise<string> {
  const inserted = await db
    .insertInto('issue_worklogs')
    .values(row)
    .returning('worklog_id')
    .executeTakeFirstOrThrow();
  return String(inserted.worklog_id);
}

export async function findWorklogRow(db: Db, issueId: string, worklogId: string) {
  if (!/^[1-9][0-9]{0,17}$/.test(worklogId)) return undefined;
  return db
    .selectFrom('issue_worklogs')
    .selectAll()
    .where('issue_id', '=', issueId)
    .where('worklog_id', '=', worklogId)
    .executeTakeFirst();
}

/** Which worklogs of an issue a page reads: started within the bounds (milliseconds since the epoch). */
export interface WorklogFilter {
  readonly startedAfter?: number | undefined;
  readonly startedBefore?: number | undefined;
}

function selectWorklogs(db: Db, issueId: string, filter: WorklogFilter, reader: RestrictionReader) {
  let query = db.selectFrom('issue_worklogs').where('issue_id', '=', issueId).where(visibleToReader(reader));
  if (filter.startedAfter !== undefined)
    query = query.where('started_at', '>=', new Date(filter.startedAfter));
  if (filter.startedBefore !== undefined)
    query = query.where('started_at', '<=', new Date(filter.startedBefore));
  return query;
}

/** A page of the issue's worklogs the reader may see, oldest first, and how many there are. */
export async function listWorklogRows(
  db: Db,
  issueId: string,
  filter: WorklogFilter,
  page: { startAt: number; maxResults: number },
  reader: RestrictionReader,
) {
  const [rows, count] = await Promise.all([
    selectWorklogs(db, issueId, filter, reader)
      .selectAll()
      .orderBy('worklog_id')
      .offset(page.startAt)
      .limit(page.maxResults)
      .execute(),
    selectWorklogs(db, issueId, filter, reader)
      .select((eb) => eb.fn.countAll<string>().as('total'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows: rows as WorklogRow[], total: Number(count.total) };
}

export async function updateWorklogRow(db: Db, worklogId: string, patch: Partial<NewWorklogRow>) {
  await db.updateTable('issue_worklogs').set(patch).where('worklog_id', '=', worklogId).execute();
}

export async function deleteWorklogRow(db: Db, worklogId: string) {
  await db.deleteFrom('issue_worklogs').where('worklog_id', '=', worklogId).execute();
}
