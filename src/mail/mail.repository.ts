import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { MailMessagesTable } from '../db/tables/mail.table.ts';

/** Writes one message. */
export async function insertMailRow(db: Kysely<Database>, row: Insertable<MailMessagesTable>): Promise<void> {
  await db.insertInto('mail_messages').values(row).execute();
}

/** One message, if it still exists (an erasure may have deleted it since its job was queued). */
export async function findMailRow(
  db: Kysely<Database>,
  messageId: string,
): Promise<Selectable<MailMessagesTable> | undefined> {
  return db.selectFrom('mail_messages').selectAll().where('message_id', '=', messageId).executeTakeFirst();
}

/** Changes how far a message got (and clears its body once it left). */
export async function updateMailRow(
  db: Kysely<Database>,
  messageId: string,
  changes: Updateable<MailMessagesTable>,
): Promise<void> {
  await db.updateTable('mail_messages').set(changes).where('message_id', '=', messageId).execute();
}

/** Messages newest first, one page of them. */
export async function listMailRows(
  db: Kysely<Database>,
  page: { startAt: number; maxResults: number },
): Promise<Selectable<MailMessagesTable>[]> {
  return db
    .selectFrom('mail_messages')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('message_id', 'desc')
    .offset(page.startAt)
    .limit(page.maxResults)
    .execute();
}

/** How many messages the store holds. */
export async function countMailRows(db: Kysely<Database>): Promise<number> {
  const { count } = await db
    .selectFrom('mail_messages')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(count);
}

/** The addresses of an account's mail (what an erasure must not find left anywhere). */
export async function findMailAddressesOfAccount(db: Kysely<Database>, accountId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('mail_messages')
    .select('to_address')
    .distinct()
    .where('account_id', '=', accountId)
    .execute();
  return rows.map((row) => row.to_address);
}

/** The messages written to an account, newest first (for the person's own export). */
export async function listMailRowsOfAccount(
  db: Kysely<Database>,
  accountId: string,
  limit: number,
): Promise<Selectable<MailMessagesTable>[]> {
  return db
    .selectFrom('mail_messages')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('created_at', 'desc')
    .orderBy('message_id', 'desc')
    .limit(limit)
    .execute();
}

/** Deletes mail written to an address, whichever account it was written for (the address's owner is erased). */
export async function deleteMailToAddress(db: Kysely<Database>, address: string): Promise<number> {
  const result = await db
    .deleteFrom('mail_messages')
    .where((eb) => eb(eb.fn('lower', ['to_address']), '=', address.toLowerCase()))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
