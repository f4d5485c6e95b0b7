import { type Kysely, sql } from 'kysely';

/**
 * Mail that Veil sends (kept in the store: the outbox that platform admins read when no SMTP server is
 * configured, and the record of what left through SMTP), and email changes waiting for the new address
 * to be proven (the token stored as a hash only).
 */
const statements = [
  `create table mail_messages (
    message_id text primary key,
    account_id text not null,
    to_address text not null,
    subject text not null,
    body_text text not null,
    purpose text not null,
    status text not null check (status in ('queued', 'outbox', 'sent', 'failed')),
    created_at timestamptz not null,
    sent_at timestamptz
  )`,
  `create index mail_messages_newest_first on mail_messages (created_at desc, message_id desc)`,
  `create index mail_messages_by_account on mail_messages (account_id)`,
  `create table email_changes (
    account_id text primary key references accounts on delete cascade,
    new_email text not null,
    token_hash text not null unique,
    requested_at timestamptz not null,
    expires_at timestamptz not null
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
