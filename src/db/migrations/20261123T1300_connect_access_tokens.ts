import { type Kysely, sql } from 'kysely';

/**
 * Bearer tokens that Connect apps get through the JWT bearer grant to act for a person (impersonation).
 * Only their SHA-256 is stored; they die with their install's uninstall and when they expire.
 */
const statements = [
  `create table connect_access_tokens (
    token_hash text primary key,
    client_key text not null references connect_installs on delete cascade,
    account_id text not null references accounts on delete cascade,
    scopes text not null,
    expires_at timestamptz not null,
    created_at timestamptz not null
  )`,
  `create index connect_access_tokens_by_install on connect_access_tokens (client_key, expires_at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
