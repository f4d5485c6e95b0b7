/** The SQL of issues, their types, custom fields, user field values, watchers and votes. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { IssueTables } from '../db/tables/issues.table.ts';
import type { CustomField, IssueRow, IssueType } from './issues.model.ts';

type Db = Kysely<Database>;
type NewIssueRow = Omit<IssueTables['issues'], 'issue_id' | 'issue_number'>;

function selectIssues(db: Db) {
  return db
    .selectFrom('issues')
    .innerJoin('issue_projects', (join) =>
      join
        .onRef('issue_projects.site_id', '=', 'issues.site_id')
        .onRef('issue_projects.project_key', '=', 'issues.project_key'),
    )
    .selectAll('issues')
    .select('issue_projects.project_id');
}

/** The issue of the site with this key (`ACME-12`) or id (`10012`), or undefined. */
export async function findIssueRow(db: Db, siteId: string, idOrKey: string): Promise<IssueRow | undefined> {
  const key = /^([A-Z][A-Z0-9_]*)-([1-9][0-9]{0,8})$/.exec(idOrKey);
  const query = selectIssues(db).where('issues.site_id', '=', siteId);
  if (key) {
    return query
      .where('issues.project_key', '=', key[1] as string)
      .where('issues.issue_number', '=', Number(key[2]))
      .executeTakeFirst();
  }
  if (!/^[1-9][0-9]{0,17}$/.test(idOrKey)) return undefined;
  return query.where('issues.issue_id', '=', idOrKey).executeTakeFirst();
}

/** The project's id, or undefined when the site has no such project. */
export async function findProjectId(db: Db, siteId: string, projectKey: string) {
  const row = await db
    .selectFrom('issue_projects')
    .select('project_id')
    .where('site_id', '=', siteId)
    .where('project_key', '=', projectKey)
    .executeTakeFirst();
  return row?.project_id;
}

/** The key of the site's project with this id, or undefined. */
export async function findProjectKeyById(db: Db, siteId: string, projectId: string) {
  const row = await db
    .selectFrom('issue_projects')
    .select('project_key')
    .where('site_id', '=', siteId)
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  return row?.project_key;
}

/**
 * Inserts an issue with the project's next number. The counter's row stays locked until the transaction
 * ends, so concurrent creations in one project take distinct numbers, in order.
 */
export async function insertIssueRow(db: Db, row: NewIssueRow): Promise<string> {
  const counter = await db
    .updateTable('issue_projects')
    .set((eb) => ({ last_number: eb('last_number', '+', 1) }))
    .where('site_id', '=', row.site_id)
    .where('project_key', '=', row.project_key)
    .returning('last_number')
    .executeTakeFirstOrThrow();
  const inserted = await db
    .insertInto('issues')
    .values({ ...row, issue_number: counter.last_number })
    .returning('issue_id')
    .executeTakeFirstOrThrow();
  return String(inserted.issue_id);
}

export async function updateIssueRow(db: Db, issueId: string, patch: Partial<NewIssueRow>): Promise<void> {
  await db.updateTable('issues').set(patch).where('issue_id', '=', issueId).execute();
}

export async function deleteIssueRow(db: Db, issueId: string): Promise<void> {
  await db.deleteFrom('issues').where('issue_id', '=', issueId).execute();
}

export async function listIssueTypes(db: Db, siteId: string): Promise<IssueType[]> {
  const rows = await db
    .selectFrom('issue_types')
    .select(['type_id', 'name'])
    .where('site_id', '=', siteId)
    .orderBy('type_id')
    .execute();
  return rows.map((r) => ({ id: r.type_id, name: r.name }));
}

export async function listCustomFields(db: Db, siteId: string): Promise<CustomField[]> {
  const rows = await db
    .selectFrom('issue_custom_fields')
    .selectAll()
    .where('site_id', '=', siteId)
    .orderBy('field_id')
    .execute();
  return rows.map((r) => ({ id: r.field_id, name: r.name, type: r.field_type }));
}

export async function insertCustomField(db: Db, siteId: string, field: CustomField): Promise<void> {
  await db
    .insertInto('issue_custom_fields')
    .values({ site_id: siteId, field_id: field.id, name: field.name, field_type: field.type })
    .execute();
}

/** The user custom field values of an issue: accountIds by field id, in order. */
export async function listFieldValues(db: Db, issueId: string): Promise<Map<number, string[]>> {
  const rows = await db
    .selectFrom('issue_field_values')
    .select(['field_id', 'account_id'])
    .where('issue_id', '=', issueId)
    .orderBy('field_id')
    .orderBy('position')
    .execute();
  const values = new Map<number, string[]>();
  for (const row of rows) values.set(row.field_id, [...(values.get(row.field_id) ?? []), row.account_id]);
  return values;
}

export async function replaceFieldValues(db: Db, issueId: string, fieldId: number, ids: readonly string[]) {
  await db
    .deleteFrom('issue_field_values')
    .where('issue_id', '=', issueId)
    .where('field_id', '=', fieldId)
    .execute();
  if (ids.length === 0) return;
  await db
    .insertInto('issue_field_values')
    .values(
      ids.map((account_id, position) => ({ issue_id: issueId, field_id: fieldId, position, account_id })),
    )
    .execute();
}

type PersonTable = 'issue_watchers' | 'issue_votes';

/** The accountIds that watch (or voted on) the issue, in accountId order. */
export async function listIssuePeople(db: Db, table: PersonTable, issueId: string): Promise<string[]> {
  const rows = await db
    .selectFrom(table)
    .select('account_id')
    .where('issue_id', '=', issueId)
    .orderBy('account_id')
    .execute();
  return rows.map((r) => r.account_id);
}

export async function addIssuePerson(db: Db, table: PersonTable, issueId: string, accountId: string) {
  await db
    .insertInto(table)
    .values({ issue_id: issueId, account_id: accountId })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function removeIssuePerson(db: Db, table: PersonTable, issueId: string, accountId: string) {
  const result = await db
    .deleteFrom(table)
    .where('issue_id', '=', issueId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Inserts an issue with the number its key gives (scenario files); the project's counter moves past it. */
export async function insertNumberedIssueRow(db: Db, row: NewIssueRow, issueNumber: number): Promise<string> {
  await db
    .updateTable('issue_projects')
    .set((eb) => ({ last_number: eb.fn('greatest', [eb.ref('last_number'), eb.val(issueNumber)]) }))
    .where('site_id', '=', row.site_id)
    .where('project_key', '=', row.project_key)
    .execute();
  const inserted = await db
    .insertInto('issues')
    .values({ ...row, issue_number: issueNumber })
    .returning('issue_id')
    .executeTakeFirstOrThrow();
  return String(inserted.issue_id);
}

/** The user custom field values of many issues (one query): by issue id, then field id. */
export async function listFieldValuesOf(db: Db, issueIds: readonly string[]) {
  const byIssue = new Map<string, Map<number, string[]>>();
  if (issueIds.length === 0) return byIssue;
  const rows = await db
    .selectFrom('issue_field_values')
    .select(['issue_id', 'field_id', 'account_id'])
    .where('issue_id', 'in', issueIds)
    .orderBy('issue_id')
    .orderBy('field_id')
    .orderBy('position')
    .execute();
  for (const row of rows) {
    const values = byIssue.get(String(row.issue_id)) ?? new Map<number, string[]>();
    values.set(row.field_id, [...(values.get(row.field_id) ?? []), row.account_id]);
    byIssue.set(String(row.issue_id), values);
  }
  return byIssue;
}

/** The watchers (or voters) of many issues (one query), by issue id, in accountId order. */
export async function listIssuePeopleOf(db: Db, table: PersonTable, issueIds: readonly string[]) {
  const byIssue = new Map<string, string[]>();
  if (issueIds.length === 0) return byIssue;
  const rows = await db
    .selectFrom(table)
    .select(['issue_id', 'account_id'])
    .where('issue_id', 'in', issueIds)
    .orderBy('account_id')
    .execute();
  for (const row of rows)
    byIssue.set(String(row.issue_id), [...(byIssue.get(String(row.issue_id)) ?? []), row.account_id]);
  return byIssue;
}
