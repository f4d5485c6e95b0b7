import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { UserPropertiesTable } from '../db/tables/user-properties.table.ts';

/** The properties about `accountId` written by one of `writers` (every writer when `writers` is 'all'), by key. */
export async function listUserPropertyRows(
  db: Kysely<Database>,
  accountId: string,
  writers: readonly string[] | 'all',
  propertyKey?: string,
): Promise<UserPropertiesTable[]> {
  if (writers !== 'all' && writers.length === 0) return [];
  let query = db.selectFrom('user_properties').selectAll().where('account_id', '=', accountId);
  // Every writer means every app and the person; preferences (`#…` writers) are not properties.
  query =
    writers === 'all' ? query.where('writer', 'not like', '#%') : query.where('writer', 'in', [...writers]);
  if (propertyKey !== undefined) query = query.where('property_key', '=', propertyKey);
  return query.orderBy('property_key').orderBy('writer').execute();
}

/** Writes a property (insert or replace); true when it is new. */
export async function upsertUserPropertyRow(
  db: Kysely<Database>,
  row: Omit<UserPropertiesTable, 'created_at'>,
): Promise<boolean> {
  const existing = await db
    .selectFrom('user_properties')
    .select('property_key')
    .where('account_id', '=', row.account_id)
    .where('writer', '=', row.writer)
    .where('property_key', '=', row.property_key)
    .executeTakeFirst();
  await db
    .insertInto('user_properties')
    .values({ ...row, created_at: row.updated_at })
    .onConflict((conflict) =>
      conflict
        .columns(['account_id', 'writer', 'property_key'])
        .doUpdateSet({ value: row.value, updated_at: row.updated_at }),
    )
    .execute();
  return existing === undefined;
}

/** Deletes one writer's property; true when there was one. */
export async function deleteUserPropertyRow(
  db: Kysely<Database>,
  accountId: string,
  writer: string,
  propertyKey: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom('user_properties')
    .where('account_id', '=', accountId)
    .where('writer', '=', writer)
    .where('property_key', '=', propertyKey)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Every row stored about the account (every app's properties, the person's own, their preferences), for their export. */
export async function listStoredAboutAccount(
  db: Kysely<Database>,
  accountId: string,
): Promise<UserPropertiesTable[]> {
  return db
    .selectFrom('user_properties')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('writer')
    .orderBy('property_key')
    .execute();
}
