import { type Kysely, sql } from 'kysely';

/**
 * What the JQL search over issues filters and sorts by most: a site's issues by assignee and reporter
 * (`assignee = currentUser()`), by creation time (the default order, `created > -1d`), and a person's
 * custom field values by issue. Without them each search scanned every issue of the site.
 */
const statements = [
  'create index issues_by_assignee on issues (site_id, assignee_id)',
  'create index issues_by_reporter on issues (site_id, reporter_id)',
  'create index issues_by_created on issues (site_id, created_at)',
  'create index issue_field_values_by_account on issue_field_values (account_id)',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
