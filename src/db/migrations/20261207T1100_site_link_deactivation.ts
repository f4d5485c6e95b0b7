import { type Kysely, sql } from 'kysely';

/**
 * A site admin deactivates a person on their site only: the link keeps when that happened, and while it
 * is set the person is inactive on that site and cannot sign in to it. The account (and every other
 * site) is untouched; a global deactivation stays on `accounts.status`.
 */
const statements = ['alter table site_accounts add column deactivated_at timestamptz'];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
