/** The use cases of comments: add, edit and delete (the author, or whoever administers the site's issues). */
import type { Kysely } from 'kysely';
import type { Caller } from '../auth/caller.ts';
import type { Database } from '../db/schema.ts';
import { VeilError } from '../errors/veil-error.ts';
import type { Site } from '../sites/sites.model.ts';
import {
  deleteCommentRow,
  findCommentRow,
  insertCommentRow,
  updateCommentRow,
} from './comments.repository.ts';
import { queueIssueWebhook } from './issue-events.ts';
import { actorOf, checkNamedPeople, mayAdministerIssues } from './issues.access.ts';
import { commentRowToComment, type Issue, type IssueComment } from './issues.model.ts';
import type { Deps } from './issues.service.ts';
import { mentionedAccountIds, readRichText } from './mentions.ts';
import {
  maySeeRestricted,
  type RestrictionReader,
  readRestriction,
  type VisibilityInput,
} from './restrictions.ts';

export interface CommentInput {
  readonly body: unknown;
  readonly visibility?: VisibilityInput | undefined;
}

/** The comment of the issue with this id (one the reader may see, when given), or the tracker's 404. */
export async function getComment(
  db: Kysely<Database>,
  issue: Issue,
  commentId: string,
  reader?: RestrictionReader,
): Promise<IssueComment> {
  const row = await findCommentRow(db, issue.id, commentId);
  const comment = row ? commentRowToComment(row) : undefined;
  if (!comment || (reader && !maySeeRestricted(reader, comment)))
    throw new VeilError('comment.not_found', `Can not find a comment for the id: ${commentId}.`);
  return comment;
}

async function readBody(deps: Deps, site: Site, body: unknown, version: '2' | '3') {
  const stored = readRichText(body, version, 'body');
  if (stored.format === 'wiki' && stored.text.trim().length === 0) {
    throw new VeilError('request.invalid', 'Comment body can not be empty!', [
      { path: 'comment', message: 'Comment body can not be empty!' },
    ]);
  }
  await checkNamedPeople(deps.directory, site, new Map([['body', mentionedAccountIds(stored)]]), undefined);
  return stored;
}

/** Adds a comment by the caller; returns it. */
export async function addComment(
  deps: Deps,
  site: Site,
  caller: Caller,
  issue: Issue,
  input: CommentInput,
  version: '2' | '3',
): Promise<IssueComment> {
  const body = await readBody(deps, site, input.body, version);
  const now = deps.clock.now();
  const author = actorOf(caller);
  const restriction = readRestriction(input.visibility, 'comment');
  const id = await deps.db.transaction().execute(async (trx) => {
    const commentId = await insertCommentRow(trx, {
      issue_id: issue.id,
      author_id: author,
      update_author_id: author,
      body: body.text,
      body_format: body.format,
      ...restriction,
      created_at: now,
      updated_at: now,
    });
    const change = { event: 'comment_created', actorId: author, issue, ids: { commentId } } as const;
    await queueIssueWebhook(trx, deps.clock, change);
    return commentId;
  });
  return getComment(deps.db, issue, id);
}

function requireMayChange(caller: Caller, site: Site, comment: IssueComment): void {
  if (mayAdministerIssues(caller, site)) return;
  if (comment.authorId !== null && comment.authorId === actorOf(caller)) return;
  throw new VeilError('auth.forbidden', 'You do not have the permission to change this comment.');
}

/** Replaces a comment's body (and visibility): its author, or an admin. */
export async function editComment(
  deps: Deps,
  site: Site,
  caller: Caller,
  issue: Issue,
  comment: IssueComment,
  input: CommentInput & { version: '2' | '3' },
): Promise<IssueComment> {
  requireMayChange(caller, site, comment);
  const body = await readBody(deps, site, input.body, input.version);
  const restriction = input.visibility !== undefined ? readRestriction(input.visibility, 'comment') : {};
  const actorId = actorOf(caller);
  await deps.db.transaction().execute(async (trx) => {
    await updateCommentRow(trx, comment.id, {
      body: body.text,
      body_format: body.format,
      update_author_id: actorId,
      ...restriction,
      updated_at: deps.clock.now(),
    });
    const ids = { commentId: comment.id };
    await queueIssueWebhook(trx, deps.clock, { event: 'comment_updated', actorId, issue, ids });
  });
  return getComment(deps.db, issue, comment.id);
}

/** Deletes a comment: its author, or an admin. */
export async function deleteComment(
  deps: Deps,
  context: { site: Site; caller: Caller; issue: Issue },
  comment: IssueComment,
) {
  requireMayChange(context.caller, context.site, comment);
  const actorId = actorOf(context.caller);
  await deps.db.transaction().execute(async (trx) => {
    await deleteCommentRow(trx, comment.id);
    const ids = { commentId: comment.id };
    await queueIssueWebhook(trx, deps.clock, {
      event: 'comment_deleted',
      actorId,
      issue: context.issue,
      ids,
    });
  });
}
