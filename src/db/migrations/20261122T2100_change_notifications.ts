import { type Kysely, sql } from 'kysely';

/**
 * Every change to what the in-memory directory holds is announced on the `veil_changes` channel as
 * `<kind>:<key>`, so every Veil process on the same database refreshes what changed (LISTEN/NOTIFY;
 * PGlite delivers the same notifications in-process). Notifications are sent at commit, in commit order.
 */
const watched: [table: string, kind: string, keyColumn: string][] = [
  ['accounts', 'account', 'account_id'],
  ['visibility_settings', 'account', 'account_id'],
  ['platform_admins', 'account', 'account_id'],
  ['organization_admins', 'account', 'account_id'],
  ['api_tokens', 'account', 'account_id'],
  ['site_accounts', 'account', 'account_id'],
  ['site_account_products', 'account', 'account_id'],
  ['group_members', 'account', 'account_id'],
  ['site_admins', 'account', 'account_id'],
  ['organizations', 'organization', 'organization_id'],
  ['organization_domains', 'organization', 'organization_id'],
  ['sites', 'site', 'site_id'],
  ['site_hosts', 'site', 'site_id'],
  ['site_products', 'site', 'site_id'],
  ['groups', 'site', 'site_id'],
  ['projects', 'site', 'site_id'],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function veil_notify_change() returns trigger language plpgsql as $$
    begin
      if tg_op in ('UPDATE', 'DELETE') then
        perform pg_notify('veil_changes', tg_argv[0] || ':' || (to_jsonb(old) ->> tg_argv[1]));
      end if;
      if tg_op in ('INSERT', 'UPDATE') then
        perform pg_notify('veil_changes', tg_argv[0] || ':' || (to_jsonb(new) ->> tg_argv[1]));
      end if;
      return null;
    end $$`.execute(db);
  for (const [table, kind, keyColumn] of watched) {
    await sql
      .raw(
        `create trigger ${table}_changed after insert or update or delete on ${table} for each row execute function veil_notify_change('${kind}', '${keyColumn}')`,
      )
      .execute(db);
  }
}
