import { type Kysely, sql } from 'kysely';

/**
 * Properties stored about a person (`/user/properties` of the tracker, `/user/{accountId}/property` of
 * the wiki): personal data an app (or the person) put there. Each row names who wrote it, the app key
 * or '' for the person themself, since only that writer and the person may read it; the value is JSON
 * text. The rows go with the account (erasure deletes them; the foreign key, with a purged account).
 */
const statements = [
  `create table user_properties (
    account_id text not null references accounts (account_id) on delete cascade,
    writer text not null check (length(writer) <= 255),
    property_key text not null check (length(property_key) between 1 and 255),
    value text not null check (length(value) <= 32768),
    created_at timestamptz not null,
    updated_at timestamptz not null,
    primary key (account_id, writer, property_key)
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
