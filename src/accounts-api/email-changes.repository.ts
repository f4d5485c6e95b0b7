import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { EmailChangesTable } from '../db/tables/email-changes.table.ts';

/** Writes the account's pending change, replacing any earlier one (whose link then stops working). */
export async function upsertEmailChangeRow(
  db: Kysely<Database>,
  row: Insertable<EmailChangesTable>,
): Promise<void> {
  await db
    .insertInto('email_changes')
    .values(row)
    .onConflict((oc) =>
      oc.column('account_id').doUpdateSet({
        new_email: row.new_email,
        token_hash: row.token_hash,
        requested_at: row.requested_at,
        expires_at: row.expires_at,
      }),
    )
    .execute();
}

/** The pending change whose link carries this token, locked until the transaction ends. */
export async function findEmailChangeRowByTokenHashForUpdate(
  db: Kysely<Database>,
  tokenHash: string,
): Promise<Selectable<EmailChangesTable> | undefined> {
  return db
    .selectFrom('email_changes')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .forUpdate()
    .executeTakeFirst();
}

/** The account's pending change, expired or not. */
export async function findEmailChangeRow(
  db: Kysely<Database>,
  accountId: string,
): Promise<Selectable<EmailChangesTable> | undefined> {
  return db.selectFrom('email_changes').selectAll().where('account_id', '=', accountId).executeTakeFirst();
}

/** Drops the account's pending change (its link stops working). */
export async function deleteEmailChangeRow(db: Kysely<Database>, accountId: string): Promise<void> {
  await db.deleteFrom('email_changes').where('account_id', '=', accountId).execute();
}

/** Deletes other accounts' waiting changes to an address (its owner is erased; none could be confirmed). */
export async function deleteEmailChangesToAddress(db: Kysely<Database>, address: string): Promise<number> {
  const result = await db
    .deleteFrom('email_changes')
    .where((eb) => eb(eb.fn('lower', ['new_email']), '=', address.toLowerCase()))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
