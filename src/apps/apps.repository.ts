import { type Insertable, type Kysely, type Selectable, sql, type Updateable } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ConnectAppsTable, ConnectInstallsTable } from '../db/tables/apps.table.ts';

export type AppRow = Selectable<ConnectAppsTable>;
export type InstallRow = Selectable<ConnectInstallsTable>;

export async function findAppRow(db: Kysely<Database>, appKey: string): Promise<AppRow | undefined> {
  return db.selectFrom('connect_apps').selectAll().where('app_key', '=', appKey).executeTakeFirst();
}

export async function findAppRowsByKeys(db: Kysely<Database>, appKeys: readonly string[]): Promise<AppRow[]> {
  if (appKeys.length === 0) return [];
  return db.selectFrom('connect_apps').selectAll().where('app_key', 'in', appKeys).execute();
}

/**
 * Holds the app key until the caller's transaction ends, so that installs of one app on several sites
 * at once (a scenario's, run side by side by the job runner) make its one account once.
 */
export async function lockAppKey(db: Kysely<Database>, appKey: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`connect-app:${appKey}`}))`.execute(db);
}

/** Inserts the app, or renames it (the account is kept; an Email API status given replaces the old). */
export async function upsertAppRow(db: Kysely<Database>, row: Insertable<ConnectAppsTable>): Promise<void> {
  await db
    .insertInto('connect_apps')
    .values(row)
    .onConflict((oc) =>
      oc.column('app_key').doUpdateSet({
        name: row.name,
        ...(row.email_api_status ? { email_api_status: row.email_api_status } : {}),
        updated_at: row.updated_at,
      }),
    )
    .execute();
}

/** The app's install on the site, installed or not. */
export async function findInstallRow(
  db: Kysely<Database>,
  siteId: string,
  appKey: string,
): Promise<InstallRow | undefined> {
  return db
    .selectFrom('connect_installs')
    .selectAll()
    .where('site_id', '=', siteId)
    .where('app_key', '=', appKey)
    .executeTakeFirst();
}

/**
 * The live install on the site that a JWT issuer names: its client key (as the product signs), or its
 * app key (as app frameworks sign requests to the product).
 */
export async function findInstalledRowForIssuer(
  db: Kysely<Database>,
  siteId: string,
  issuer: string,
): Promise<InstallRow | undefined> {
  return db
    .selectFrom('connect_installs')
    .selectAll()
    .where('site_id', '=', siteId)
    .where('status', '=', 'installed')
    .where((eb) => eb.or([eb('client_key', '=', issuer), eb('app_key', '=', issuer)]))
    .executeTakeFirst();
}

/** The live installs of a site, oldest first. */
export async function listInstalledRows(db: Kysely<Database>, siteId: string): Promise<InstallRow[]> {
  return db
    .selectFrom('connect_installs')
    .selectAll()
    .where('site_id', '=', siteId)
    .where('status', '=', 'installed')
    .orderBy('installed_at')
    .orderBy('app_key')
    .execute();
}

/** Inserts the install, or brings a previous install of the same client key back with new values. */
export async function upsertInstallRow(
  db: Kysely<Database>,
  row: Insertable<ConnectInstallsTable>,
): Promise<void> {
  const { client_key: _clientKey, site_id: _siteId, app_key: _appKey, ...changes } = row;
  await db
    .insertInto('connect_installs')
    .values(row)
    .onConflict((oc) => oc.column('client_key').doUpdateSet(changes))
    .execute();
}

export async function updateInstallRow(
  db: Kysely<Database>,
  clientKey: string,
  changes: Updateable<ConnectInstallsTable>,
): Promise<void> {
  await db.updateTable('connect_installs').set(changes).where('client_key', '=', clientKey).execute();
}

/** The live install that an OAuth client id (the impersonation assertion's issuer) belongs to. */
export async function findInstalledRowByOauthClientId(
  db: Kysely<Database>,
  oauthClientId: string,
): Promise<InstallRow | undefined> {
  return db
    .selectFrom('connect_installs')
    .selectAll()
    .where('oauth_client_id', '=', oauthClientId)
    .where('status', '=', 'installed')
    .executeTakeFirst();
}

/** The live installs of an app, on every site. */
export async function listInstalledRowsOfApp(db: Kysely<Database>, appKey: string): Promise<InstallRow[]> {
  return db
    .selectFrom('connect_installs')
    .selectAll()
    .where('app_key', '=', appKey)
    .where('status', '=', 'installed')
    .orderBy('site_id')
    .execute();
}

/** Sets the app's Email API status. */
export async function updateAppEmailApiStatus(
  db: Kysely<Database>,
  appKey: string,
  status: 'pending' | 'approved' | 'rejected',
  now: Date,
): Promise<void> {
  await db
    .updateTable('connect_apps')
    .set({ email_api_status: status, updated_at: now })
    .where('app_key', '=', appKey)
    .execute();
}

/**
 * Takes the claim on installing the app on the site, unless another live claim holds it (one that has
 * not expired by `now`); whether it was taken. The primary key keeps it to one at a time.
 */
export async function insertInstallClaimRow(
  db: Kysely<Database>,
  claim: { siteId: string; appKey: string; claimId: string; expiresAt: Date },
  now: Date,
): Promise<boolean> {
  const taken = await db
    .insertInto('connect_install_claims')
    .values({
      site_id: claim.siteId,
      app_key: claim.appKey,
      claim_id: claim.claimId,
      expires_at: claim.expiresAt,
    })
    .onConflict((oc) =>
      oc
        .columns(['site_id', 'app_key'])
        .doUpdateSet({ claim_id: claim.claimId, expires_at: claim.expiresAt })
        .where('connect_install_claims.expires_at', '<=', now),
    )
    .returning('claim_id')
    .executeTakeFirst();
  return taken !== undefined;
}

/** Gives back a claim taken by `insertInstallClaimRow` (a claim taken over since is left alone). */
export async function deleteInstallClaimRow(
  db: Kysely<Database>,
  claim: { siteId: string; appKey: string; claimId: string },
): Promise<void> {
  await db
    .deleteFrom('connect_install_claims')
    .where('site_id', '=', claim.siteId)
    .where('app_key', '=', claim.appKey)
    .where('claim_id', '=', claim.claimId)
    .execute();
}

/** The names of apps by key: Connect app keys, and OAuth (3LO) client ids (their reads count under those). */
export async function findAppNames(db: Kysely<Database>, appKeys: readonly string[]) {
  if (appKeys.length === 0) return new Map<string, string>();
  const keys = [...new Set(appKeys)];
  const rows = await db
    .selectFrom('connect_apps')
    .select(['app_key', 'name'])
    .where('app_key', 'in', keys)
    .unionAll(
      db.selectFrom('oauth_apps').select(['client_id as app_key', 'name']).where('client_id', 'in', keys),
    )
    .execute();
  return new Map(rows.map((row) => [row.app_key, row.name]));
}
