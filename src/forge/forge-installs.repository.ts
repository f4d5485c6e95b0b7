/** SQL of Forge installations: small functions taking the executor first. */
import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ForgeInstallationsTable } from '../db/tables/forge.table.ts';

export async function siteExists(db: Kysely<Database>, siteId: string): Promise<boolean> {
  const row = await db.selectFrom('sites').select('site_id').where('site_id', '=', siteId).executeTakeFirst();
  return row !== undefined;
}

/** Inserts the installation unless the app is already on the site; true when inserted. */
export async function insertForgeInstallation(
  db: Kysely<Database>,
  row: Insertable<ForgeInstallationsTable>,
): Promise<boolean> {
  const inserted = await db
    .insertInto('forge_installations')
    .values({ ...row, manifest: JSON.stringify(row.manifest) as never })
    .onConflict((conflict) => conflict.columns(['site_id', 'app_id']).doNothing())
    .returning('installation_id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function updateForgeInstallation(
  db: Kysely<Database>,
  installationId: string,
  change: Updateable<ForgeInstallationsTable>,
): Promise<void> {
  const json = (value: unknown) => (value === null ? null : (JSON.stringify(value) as never));
  await db
    .updateTable('forge_installations')
    .set({
      ...change,
      ...(change.manifest !== undefined ? { manifest: json(change.manifest) } : {}),
      ...(change.pending_manifest !== undefined ? { pending_manifest: json(change.pending_manifest) } : {}),
    })
    .where('installation_id', '=', installationId)
    .execute();
}

export async function findForgeInstallationOfApp(db: Kysely<Database>, siteId: string, appId: string) {
  return db
    .selectFrom('forge_installations')
    .selectAll()
    .where('site_id', '=', siteId)
    .where('app_id', '=', appId)
    .executeTakeFirst();
}

export async function findForgeInstallation(db: Kysely<Database>, siteId: string, installationId: string) {
  return db
    .selectFrom('forge_installations')
    .selectAll()
    .where('site_id', '=', siteId)
    .where('installation_id', '=', installationId)
    .executeTakeFirst();
}

export async function listForgeInstallations(db: Kysely<Database>, siteId: string) {
  return db
    .selectFrom('forge_installations')
    .selectAll()
    .where('site_id', '=', siteId)
    .orderBy('installed_at')
    .orderBy('installation_id')
    .execute();
}

export async function findForgeInstallationById(db: Kysely<Database>, installationId: string) {
  return db
    .selectFrom('forge_installations')
    .selectAll()
    .where('installation_id', '=', installationId)
    .executeTakeFirst();
}
