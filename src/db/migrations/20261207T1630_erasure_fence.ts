import { type Kysely, sql } from 'kysely';

/**
 * The erasure's fence: an account about to be erased is first marked `erasing` (every node then shows
 * it as a former user, and search drops it), and its data goes only once every live node has applied
 * the mark — so no node ever serves the person after the data is gone (src/erasure/erasure.service.ts).
 * Adding a column with a constant default rewrites nothing, however many accounts there are.
 */
const statements = [
  'alter table accounts add column erasing boolean not null default false',
  'drop trigger accounts_search_pending on accounts',
  `create trigger accounts_search_pending
    after insert or delete or update of full_name, public_name, email, email_domain, status, account_type, erasing
    on accounts for each row execute function veil_search_queue_account()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
