import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { MigrationTables } from '../db/tables/migration.table.ts';

export type LegacyUsageRow = MigrationTables['legacy_usage'];

/** Adds counts to the stored ones (one row per site, client and operation), widening the seen range. */
export async function addLegacyUsageRows(db: Kysely<Database>, rows: readonly LegacyUsageRow[]) {
  if (rows.length === 0) return;
  await db
    .insertInto('legacy_usage')
    .values([...rows])
    .onConflict((oc) =>
      oc.columns(['site_id', 'client_kind', 'client_id', 'operation']).doUpdateSet({
        calls: sql`legacy_usage.calls + excluded.calls`,
        refused_calls: sql`legacy_usage.refused_calls + excluded.refused_calls`,
        first_seen: sql`least(legacy_usage.first_seen, excluded.first_seen)`,
        last_seen: sql`greatest(legacy_usage.last_seen, excluded.last_seen)`,
        account_id: sql`coalesce(excluded.account_id, legacy_usage.account_id)`,
      }),
    )
    .execute();
}

/** Every stored count of a site. */
export async function findLegacyUsageRows(db: Kysely<Database>, siteId: string): Promise<LegacyUsageRow[]> {
  return db.selectFrom('legacy_usage').selectAll().where('site_id', '=', siteId).execute();
}
