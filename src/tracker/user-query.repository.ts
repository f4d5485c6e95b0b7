/**
 * The SQL of the structured user query: which issues of a site a clause names, and which accountIds
 * stand in a relation to them (rows hold accountIds only; user-query.ts decides who is shown).
 */
import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { IssueTarget, UserRelation } from './user-query.parse.ts';

type Db = Kysely<Database>;

/** The ids of the site's issues the targets name (unknown keys name none). */
export async function issueIdsOf(db: Db, siteId: string, targets: readonly IssueTarget[]): Promise<string[]> {
  if (targets.length === 0) return [];
  const rows = await db
    .selectFrom('issues')
    .select('issue_id')
    .where('site_id', '=', siteId)
    .where((eb) =>
      eb.or(
        targets.map(
          (target): Expression<SqlBool> =>
            target.kind === 'project'
              ? eb('project_key', '=', target.projectKey)
              : eb.and([
                  eb('project_key', '=', target.projectKey),
                  eb('issue_number', '=', target.issueNumber),
                ]),
        ),
      ),
    )
    .execute();
  return rows.map((row) => String(row.issue_id));
}

/** A comment's author and restriction, for the caller's reading of it. */
export interface CommentAuthorRow {
  readonly author_id: string;
  readonly visibility_type: 'group' | 'role' | null;
  readonly visibility_value: string | null;
}

/** The comment authors of the issues, with each comment's restriction. */
export async function commentAuthorsOf(db: Db, issueIds: readonly string[]): Promise<CommentAuthorRow[]> {
  if (issueIds.length === 0) return [];
  const rows = await db
    .selectFrom('issue_comments')
    .select(['author_id', 'visibility_type', 'visibility_value'])
    .where('issue_id', 'in', issueIds)
    .where('author_id', 'is not', null)
    .execute();
  return rows.map((row) => ({ ...row, author_id: row.author_id as string }));
}

/** The accountIds in a relation other than commenter to the issues. */
export async function relatedAccountIds(
  db: Db,
  relation: Exclude<UserRelation, 'commenter'>,
  issueIds: readonly string[],
): Promise<string[]> {
  if (issueIds.length === 0) return [];
  const ids = (rows: { id: string | null }[]) => rows.flatMap((row) => (row.id === null ? [] : [row.id]));
  switch (relation) {
    case 'assignee':
    case 'reporter': {
      const column = relation === 'assignee' ? 'assignee_id' : 'reporter_id';
      return ids(
        await db
          .selectFrom('issues')
          .select(sql<string | null>`${sql.ref(column)}`.as('id'))
          .distinct()
          .where('issue_id', 'in', issueIds)
          .execute(),
      );
    }
    case 'watcher':
    case 'voter': {
      const table = relation === 'watcher' ? 'issue_watchers' : 'issue_votes';
      return ids(
        await db
          .selectFrom(table)
          .select('account_id as id')
          .distinct()
          .where('issue_id', 'in', issueIds)
          .execute(),
      );
    }
    case 'transitioner':
      return ids(
        await db
          .selectFrom('issue_histories as h')
          .innerJoin('issue_history_items as i', 'i.history_id', 'h.history_id')
          .select('h.author_id as id')
          .distinct()
          .where('h.issue_id', 'in', issueIds)
          .where('i.field', '=', 'status')
          .execute(),
      );
  }
}

/**
 * Every value one writer stored under a user property key, with the person it is about (the table of
 * src/user-properties; read here, since that capability stands on the wiki and the tracker).
 */
export async function propertyValuesOfWriter(
  db: Db,
  writer: string,
  propertyKey: string,
): Promise<{ account_id: string; value: string }[]> {
  return db
    .selectFrom('user_properties')
    .select(['account_id', 'value'])
    .where('writer', '=', writer)
    .where('property_key', '=', propertyKey)
    .execute();
}
