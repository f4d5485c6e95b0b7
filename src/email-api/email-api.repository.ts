import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { EmailApiApplicationsTable } from '../db/tables/email-api.table.ts';

export type ApplicationRow = Selectable<EmailApiApplicationsTable>;

export async function findApplicationRow(
  db: Kysely<Database>,
  appKey: string,
): Promise<ApplicationRow | undefined> {
  return db.selectFrom('email_api_applications').selectAll().where('app_key', '=', appKey).executeTakeFirst();
}

/** A new application replaces the previous one, and clears its decision. */
export async function upsertApplicationRow(
  db: Kysely<Database>,
  row: Insertable<EmailApiApplicationsTable>,
): Promise<void> {
  const { app_key: _appKey, ...changes } = row;
  await db
    .insertInto('email_api_applications')
    .values(row)
    .onConflict((oc) => oc.column('app_key').doUpdateSet(changes))
    .execute();
}

export async function recordDecisionRow(
  db: Kysely<Database>,
  appKey: string,
  decision: { decidedBy: string; decidedAt: Date; reason: string | null },
): Promise<void> {
  await db
    .updateTable('email_api_applications')
    .set({ decided_by: decision.decidedBy, decided_at: decision.decidedAt, decision_reason: decision.reason })
    .where('app_key', '=', appKey)
    .execute();
}

/** Every application with its app's status, oldest first; only those in `status` when given. */
export async function listApplicationRows(
  db: Kysely<Database>,
  status?: 'pending' | 'approved' | 'rejected',
) {
  let query = db
    .selectFrom('email_api_applications')
    .innerJoin('connect_apps', 'connect_apps.app_key', 'email_api_applications.app_key')
    .selectAll('email_api_applications')
    .select('connect_apps.email_api_status');
  if (status) query = query.where('connect_apps.email_api_status', '=', status);
  return query
    .orderBy('email_api_applications.applied_at')
    .orderBy('email_api_applications.app_key')
    .execute();
}
