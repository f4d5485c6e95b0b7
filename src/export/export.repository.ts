import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** The person's sessions: when each was opened and until when it holds (never the session id). */
export async function findSessionTimes(db: Kysely<Database>, accountId: string) {
  return db
    .selectFrom('sessions')
    .select(['created_at', 'expires_at'])
    .where('account_id', '=', accountId)
    .orderBy('created_at')
    .execute();
}

/** The tokens apps hold to act as the person (impersonation): which app, where, until when; no token. */
export async function findActingTokens(db: Kysely<Database>, accountId: string) {
  return db
    .selectFrom('connect_access_tokens')
    .innerJoin('connect_installs', 'connect_installs.client_key', 'connect_access_tokens.client_key')
    .select([
      'connect_installs.app_key',
      'connect_installs.site_id',
      'connect_access_tokens.scopes',
      'connect_access_tokens.created_at',
      'connect_access_tokens.expires_at',
    ])
    .where('connect_access_tokens.account_id', '=', accountId)
    .orderBy('connect_access_tokens.created_at')
    .execute();
}

/** What apps were told about the person (webhook deliveries), newest first. */
export async function findDeliveriesAbout(db: Kysely<Database>, accountId: string, limit: number) {
  return db
    .selectFrom('webhook_deliveries')
    .select(['app_key', 'site_id', 'event', 'status', 'created_at'])
    .where('account_id', '=', accountId)
    .orderBy('created_at', 'desc')
    .orderBy('seq', 'desc')
    .limit(limit)
    .execute();
}

/** How the person appears on issues: the column of `issues`, or the author of a comment or worklog. */
export type IssueRole = 'reporter_id' | 'assignee_id' | 'issue_comments' | 'issue_worklogs';

/** The issues the person has this role on (ids, keys and summaries only), oldest first, at most `limit`. */
export async function findIssuesOfPerson(
  db: Kysely<Database>,
  accountId: string,
  role: IssueRole,
  limit: number,
) {
  const base = db
    .selectFrom('issues')
    .select([
      'issues.issue_id',
      'issues.site_id',
      'issues.project_key',
      'issues.issue_number',
      'issues.summary',
    ])
    .orderBy('issues.issue_id')
    .limit(limit);
  if (role === 'reporter_id' || role === 'assignee_id')
    return base.where(`issues.${role}`, '=', accountId).execute();
  return base
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom(role)
          .select(`${role}.issue_id`)
          .whereRef(`${role}.issue_id`, '=', 'issues.issue_id')
          .where(`${role}.author_id`, '=', accountId),
      ),
    )
    .execute();
}

/** The wiki pages or comments the person wrote (ids, spaces and titles only), oldest first, at most `limit`. */
export async function findWikiContentOfPerson(
  db: Kysely<Database>,
  accountId: string,
  type: 'page' | 'comment',
  limit: number,
) {
  return db
    .selectFrom('wiki_content')
    .innerJoin('wiki_spaces', 'wiki_spaces.space_id', 'wiki_content.space_id')
    .select(['wiki_content.content_id', 'wiki_spaces.site_id', 'wiki_spaces.space_key', 'wiki_content.title'])
    .where('wiki_content.creator_id', '=', accountId)
    .where('wiki_content.content_type', '=', type)
    .orderBy('wiki_content.content_id')
    .limit(limit)
    .execute();
}
