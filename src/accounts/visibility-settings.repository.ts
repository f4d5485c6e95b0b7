import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ProfileField, Visibility } from '../visibility/visibility.ts';
import type { VisibilitySetting } from './accounts.model.ts';

export type SettingsByAccount = Map<string, Partial<Record<ProfileField, VisibilitySetting>>>;

/** The explicit visibility choices of each account, keyed by accountId. */
export async function findVisibilitySettings(
  db: Kysely<Database>,
  accountIds: readonly string[],
): Promise<SettingsByAccount> {
  const settings: SettingsByAccount = new Map();
  if (accountIds.length === 0) return settings;
  const rows = await db
    .selectFrom('visibility_settings')
    .selectAll()
    .where('account_id', 'in', accountIds)
    .execute();
  for (const row of rows) {
    const forAccount = settings.get(row.account_id) ?? {};
    forAccount[row.field as ProfileField] = {
      visibility: row.visibility as Visibility,
      lockedByOrganizationId: row.locked_by_organization_id,
    };
    settings.set(row.account_id, forAccount);
  }
  return settings;
}

/** Writes one field's choice (and lock), replacing what was there. */
export async function upsertVisibilitySetting(
  db: Kysely<Database>,
  accountId: string,
  field: ProfileField,
  setting: VisibilitySetting,
): Promise<void> {
  await db
    .insertInto('visibility_settings')
    .values({
      account_id: accountId,
      field,
      visibility: setting.visibility,
      locked_by_organization_id: setting.lockedByOrganizationId,
    })
    .onConflict((oc) =>
      oc.columns(['account_id', 'field']).doUpdateSet({
        visibility: setting.visibility,
        locked_by_organization_id: setting.lockedByOrganizationId,
      }),
    )
    .execute();
}
