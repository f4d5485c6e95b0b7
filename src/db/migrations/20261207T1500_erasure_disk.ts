import { type Kysely, sql } from 'kysely';

/**
 * Erasure reaches the disk: a report records when the tables the erasure changed were rewritten
 * (`rewritten_at`); the store gets a random identity that the erasure ledger (a file outside the store)
 * names its entries by, so a restored backup of this store re-applies them and a new store does not;
 * and a deletion can be asked for by that ledger. Erasures made before are rewritten once, at start.
 */
const statements = [
  'alter table erasure_reports add column rewritten_at timestamptz',
  `create index erasure_reports_awaiting_rewrite on erasure_reports (completed_at)
    where rewritten_at is null`,
  `create table store_identity (
    store_id text primary key,
    only_row boolean not null default true unique check (only_row)
  )`,
  `insert into store_identity (store_id) values (gen_random_uuid()::text)`,
  // Erasures made before this version were never rewritten: one rewrite (erasure.rewrite.ts) does them all.
  `insert into jobs (job_id, kind, job_key, payload, status, run_at, created_at, updated_at)
    select gen_random_uuid()::text, 'erasure.rewrite', 'erasures-before-the-rewrite', '{}', 'pending',
      now(), now(), now()
    where exists (select 1 from erasure_reports)`,
  'alter table account_deletions drop constraint account_deletions_requested_by_role_check',
  `alter table account_deletions add constraint account_deletions_requested_by_role_check
    check (requested_by_role in ('self', 'organization-admin', 'platform-admin', 'scenario', 'erasure-ledger'))`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
