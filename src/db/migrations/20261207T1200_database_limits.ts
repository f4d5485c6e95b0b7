import { type Kysely, sql } from 'kysely';

/**
 * Limits the database keeps under concurrency. `connect_install_claims` holds one install of an app on a
 * site while Veil waits for the app's `installed` answer, so a second install at the same instant is
 * refused before the app is sent a second secret. `api_tokens.last_used_at` is written in batches; a
 * use is not a change the directory follows, so the change trigger skips updates of that column alone.
 */
const statements = [
  `create table connect_install_claims (
    site_id text not null references sites on delete cascade,
    app_key text not null,
    claim_id text not null,
    expires_at timestamptz not null,
    primary key (site_id, app_key)
  )`,
  'drop trigger api_tokens_changed on api_tokens',
  `create trigger api_tokens_changed
    after insert or delete or update of token_id, account_id, label, token_hash, created_at on api_tokens
    for each row execute function veil_notify_change('account', 'account_id')`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
