import { type Kysely, sql } from 'kysely';

/**
 * Search in the database (src/directory/search-indexer.ts writes these tables, src/tracker/user-search.ts
 * reads them). Rows hold what the one decision lets each audience find a person by, never a raw stored
 * field: `audiences` is a bitmask of relations (1 signed-in, 2 email-api, 4 organization-member,
 * 8 organization-admin) that see the same sort key and words, so most accounts have one row. Text columns
 * use the "C" collation (and the order by accountId too): code-point order, as JavaScript compares the same
 * (BMP) strings, whatever the server's collation.
 * Accounts that are not active (deactivated, waiting for deletion) keep rows marked inactive, which no
 * search reads, so that the erasure finds and deletes them (and rewrites these tables on disk).
 * `search_pending` is the indexer's durable queue, filled by triggers in the writing transaction.
 */
const statements = [
  `create table account_search_names (
    account_id text not null,
    audiences integer not null,
    organization_id text,
    sort_key text collate "C" not null,
    words text collate "C" not null,
    active boolean not null,
    primary key (account_id, audiences)
  )`,
  'create index account_search_names_order on account_search_names (sort_key, account_id collate "C")',
  `create index account_search_names_organization_order on account_search_names
    (organization_id, sort_key, account_id collate "C") where organization_id is not null`,
  `create table account_search_terms (
    term text collate "C" not null,
    account_id text not null,
    audiences integer not null,
    organization_id text,
    sort_key text collate "C" not null,
    lead smallint not null,
    active boolean not null
  )`,
  // By lead first (code points the term and its row's sort key share, see search-indexer.ts): a prefix's
  // rows whose sort key does not start with it are a few ranges, and those whose does are never read.
  'create index account_search_terms_prefix on account_search_terms (lead, term)',
  'create index account_search_terms_by_account on account_search_terms (account_id)',
  `create table search_pending (
    account_id text primary key,
    seq bigint generated always as identity,
    queued_at timestamptz not null default now()
  )`,
  'create index search_pending_by_seq on search_pending (seq)',
  `create function veil_search_queue_account() returns trigger language plpgsql as $$
    begin
      if tg_op in ('UPDATE', 'DELETE') then
        insert into search_pending (account_id) values (old.account_id) on conflict do nothing;
      end if;
      if tg_op in ('INSERT', 'UPDATE') then
        insert into search_pending (account_id) values (new.account_id) on conflict do nothing;
      end if;
      return null;
    end $$`,
  // An organization's domains decide who it manages, which decides what its members see.
  `create function veil_search_queue_domain() returns trigger language plpgsql as $$
    begin
      if tg_op in ('UPDATE', 'DELETE') then
        insert into search_pending (account_id)
          select account_id from accounts where email_domain = old.domain on conflict do nothing;
      end if;
      if tg_op in ('INSERT', 'UPDATE') then
        insert into search_pending (account_id)
          select account_id from accounts where email_domain = new.domain on conflict do nothing;
      end if;
      return null;
    end $$`,
  // Only the columns the decision reads for search: names, email, status, type, and the domain (management).
  `create trigger accounts_search_pending
    after insert or delete or update of full_name, public_name, email, email_domain, status, account_type
    on accounts for each row execute function veil_search_queue_account()`,
  `create trigger visibility_settings_search_pending after insert or update or delete on visibility_settings
    for each row execute function veil_search_queue_account()`,
  `create trigger organization_domains_search_pending after insert or update or delete on organization_domains
    for each row execute function veil_search_queue_domain()`,
  // Every account is indexed once by the first Veil that starts on this schema (the migration runs no TS).
  'insert into search_pending (account_id) select account_id from accounts order by account_id',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
