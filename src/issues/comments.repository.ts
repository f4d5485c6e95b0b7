/** The SQL of comments and of the changelog. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { IssueTables } from '../db/tables/issues.table.ts';
import type { CommentRow, HistoryItem, HistoryItemRow } from './issues.model.ts';
import { visibleToReader } from './restrictions.repository.ts';
import type { RestrictionReader } from './restrictions.ts';

type Db = Kysely<Database>;
type NewCommentRow = Omit<IssueTables['issue_comments'], 'comment_id'>;

export async function insertCommentRow(db: Db, row: NewCommentRow): Promise<string> {
  const inserted = await db
    .insertInto('issue_comments')
    .values(row)
    .returning('comment_id')
    .executeTakeFirstOrThrow();
  return String(inserted.comment_id);
}

export async function findCommentRow(db: Db, issueId: string, commentId: string) {
  if (!/^[1-9][0-9]{0,17}$/.test(commentId)) return undefined;
  return db
    .selectFrom('issue_comments')
    .selectAll()
    .where('issue_id', '=', issueId)
    .where('comment_id', '=', commentId)
    .executeTakeFirst();
}

/** A page of the issue's comments the reader may see, oldest first, and how many there are. */
export async function listCommentRows(
  db: Db,
  issueId: string,
  page: { startAt: number; maxResults: number },
  reader: RestrictionReader,
) {
  const { startAt, maxResults } = page;
  const [rows, count] = await Promise.all([
    db
      .selectFrom('issue_comments')
      .selectAll()
      .where('issue_id', '=', issueId)
      .where(visibleToReader(reader))
      .orderBy('comment_id')
      .offset(startAt)
      .limit(maxResults)
      .execute(),
    db
      .selectFrom('issue_comments')
      .select((eb) => eb.fn.countAll<string>().as('total'))
      .where('issue_id', '=', issueId)
      .where(visibleToReader(reader))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows: rows as CommentRow[], total: Number(count.total) };
}

export async function updateCommentRow(db: Db, commentId: string, patch: Partial<NewCommentRow>) {
  await db.updateTable('issue_comments').set(patch).where('comment_id', '=', commentId).execute();
}

export async function deleteCommentRow(db: Db, commentId: string) {
  await db.deleteFrom('issue_comments').where('comment_id', '=', commentId).execute();
}

/** Writes one changelog history with its items. */
export async function insertHistory(
  db: Db,
  issueId: string,
  authorId: string | null,
  created: Date,
  items: readonly HistoryItem[],
): Promise<string> {
  const history = await db
    .insertInto('issue_histories')
    .values({ issue_id: issueId, author_id: authorId, created_at: created })
    .returning('history_id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('issue_history_items')
    .values(
      items.map((item, position) => ({
        history_id: String(history.history_id),
        position,
        field: item.field,
        field_type: item.fieldType,
        field_id: item.fieldId,
        is_user: item.isUser,
        from_value: item.from,
        from_string: item.fromString,
        to_value: item.to,
        to_string: item.toString,
      })),
    )
    .execute();
  return String(history.history_id);
}

/** A page of the issue's histories, oldest first, with their items, and how many there are. */
export async function listHistoryRows(db: Db, issueId: string, startAt: number, maxResults: number) {
  const [histories, count] = await Promise.all([
    db
      .selectFrom('issue_histories')
      .selectAll()
      .where('issue_id', '=', issueId)
      .orderBy('history_id')
      .offset(startAt)
      .limit(maxResults)
      .execute(),
    db
      .selectFrom('issue_histories')
      .select((eb) => eb.fn.countAll<string>().as('total'))
      .where('issue_id', '=', issueId)
      .executeTakeFirstOrThrow(),
  ]);
  const ids = histories.map((h) => String(h.history_id));
  const items: HistoryItemRow[] =
    ids.length === 0
      ? []
      : await db
          .selectFrom('issue_history_items')
          .selectAll()
          .where('history_id', 'in', ids)
          .orderBy('history_id')
          .orderBy('position')
          .execute();
  return { histories, items, total: Number(count.total) };
}

/** One history with its items, or undefined. */
export async function findHistoryRows(db: Db, historyId: string) {
  if (!/^[1-9][0-9]{0,17}$/.test(historyId)) return undefined;
  const history = await db
    .selectFrom('issue_histories')
    .selectAll()
    .where('history_id', '=', historyId)
    .executeTakeFirst();
  if (!history) return undefined;
  const items: HistoryItemRow[] = await db
    .selectFrom('issue_history_items')
    .selectAll()
    .where('history_id', '=', historyId)
    .orderBy('position')
    .execute();
  return { history, items };
}
