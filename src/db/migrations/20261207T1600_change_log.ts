import { type Kysely, sql } from 'kysely';

/**
 * Nodes agree through the store: every change to what the directory follows writes a row to
 * `change_log` in the same transaction (the kind and the key that changed, never a value), and
 * NOTIFY on `veil_changes` only wakes the followers, which read the log from their position (see
 * src/directory/change-follower.ts). The triggers of 20261122T2100 stay; their function is replaced.
 * `xid` is the writer's transaction: a follower that jumps ahead finds what was still in flight by it.
 * `veil_nodes` is each running process's heartbeat: how far it has applied the log, and when it said so.
 */
const statements = [
  `create table change_log (
    seq bigserial primary key,
    xid xid8 not null default pg_current_xact_id(),
    kind text not null,
    key text not null,
    changed_at timestamptz not null default now()
  )`,
  // For pruning by age, and for what a follower that jumped must still read (the writers it saw running).
  'create index change_log_changed_at on change_log (changed_at)',
  'create index change_log_xid on change_log (xid)',
  `create table veil_nodes (
    node_id text primary key,
    position bigint not null,
    seen_at timestamptz not null
  )`,
  // The insert into change_log takes the table's writer lock before its sequence value and holds it to
  // the end of the transaction: the follower's gap rule stands on that (see change-position.ts). An
  // update that kept the key logs it once.
  `create or replace function veil_notify_change() returns trigger language plpgsql as $$
    declare
      old_key text;
      new_key text;
    begin
      if tg_op in ('UPDATE', 'DELETE') then old_key := to_jsonb(old) ->> tg_argv[1]; end if;
      if tg_op in ('INSERT', 'UPDATE') then new_key := to_jsonb(new) ->> tg_argv[1]; end if;
      if old_key is not null then
        insert into change_log (kind, key) values (tg_argv[0], old_key);
      end if;
      if new_key is not null and new_key is distinct from old_key then
        insert into change_log (kind, key) values (tg_argv[0], new_key);
      end if;
      perform pg_notify('veil_changes', '');
      return null;
    end $$`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
