import { type Kysely, sql } from 'kysely';

/**
 * Search indexes that answer a page without reading the tables (src/tracker/user-search.repository.ts):
 * - the term index holds each row's sort key after its term, so a dense part of the name order is read
 *   through its distinct terms, each term's rows already in name order, instead of scanning the part;
 * - an organization's rows have their own term index (a member's search read every organization's rows);
 * - the name-order indexes carry the columns a page filters on, words included, so a scan of the name
 *   order reads the index alone.
 * At 10M accounts these take minutes to build, once.
 */
const statements = [
  'drop index account_search_terms_prefix',
  `create index account_search_terms_order on account_search_terms
    (lead, term, sort_key, account_id collate "C") include (audiences, active, organization_id)`,
  `create index account_search_terms_organization_order on account_search_terms
    (organization_id, lead, term, sort_key, account_id collate "C") include (audiences, active)
    where organization_id is not null`,
  'drop index account_search_names_order',
  `create index account_search_names_order on account_search_names
    (sort_key, account_id collate "C") include (audiences, active, organization_id, words)`,
  'drop index account_search_names_organization_order',
  `create index account_search_names_organization_order on account_search_names
    (organization_id, sort_key, account_id collate "C") include (audiences, active, words)
    where organization_id is not null`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
