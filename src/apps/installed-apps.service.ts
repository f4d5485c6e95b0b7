import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { VeilError } from '../errors/veil-error.ts';
import {
  appRowToApp,
  type ConnectApp,
  type Install,
  type InstalledApp,
  installRowToInstall,
} from './apps.model.ts';
import {
  findAppRow,
  findAppRowsByKeys,
  findInstalledRowByOauthClientId,
  findInstalledRowForIssuer,
  findInstallRow,
  listInstalledRows,
} from './apps.repository.ts';
import { openSecret } from './secrets.ts';

export interface InstallCredentials {
  readonly app: ConnectApp;
  readonly install: Install;
  readonly sharedSecret: string;
}

/** The apps installed on a site, oldest install first. */
export async function listInstalledApps(db: Kysely<Database>, siteId: string): Promise<InstalledApp[]> {
  const installs = await listInstalledRows(db, siteId);
  const apps = new Map(
    (await findAppRowsByKeys(db, [...new Set(installs.map((row) => row.app_key))])).map((row) => [
      row.app_key,
      appRowToApp(row),
    ]),
  );
  return installs.flatMap((row) => {
    const app = apps.get(row.app_key);
    return app ? [{ app, install: installRowToInstall(row) }] : [];
  });
}

/** The app installed on the site, or `connect.app_not_installed`. */
export async function getInstalledApp(
  db: Kysely<Database>,
  siteId: string,
  appKey: string,
): Promise<InstalledApp> {
  const row = await findInstallRow(db, siteId, appKey);
  const appRow = row?.status === 'installed' ? await findAppRow(db, appKey) : undefined;
  if (!row || !appRow) {
    throw new VeilError(
      'connect.app_not_installed',
      `The app ${appKey} is not installed on the site ${siteId}`,
    );
  }
  return { app: appRowToApp(appRow), install: installRowToInstall(row) };
}

/** The install on the site, installed or not (a reinstall keeps its client key and OAuth client id). */
export async function findInstall(
  db: Kysely<Database>,
  siteId: string,
  appKey: string,
): Promise<Install | undefined> {
  const row = await findInstallRow(db, siteId, appKey);
  return row ? installRowToInstall(row) : undefined;
}

/**
 * Writes an install the app accepted: the app (its descriptor), its account (made once per app key),
 * the account's link to the site, and the install with its sealed secret. The caller's transaction
 * makes it all or nothing.
 */
/** The live install a JWT issuer names on the site, with its shared secret opened; undefined if none. */
export async function findInstallCredentials(
  db: Kysely<Database>,
  secretKey: Buffer,
  siteId: string,
  issuer: string,
): Promise<InstallCredentials | undefined> {
  const row = await findInstalledRowForIssuer(db, siteId, issuer);
  const appRow = row ? await findAppRow(db, row.app_key) : undefined;
  if (!row?.shared_secret || !appRow) return undefined;
  return {
    app: appRowToApp(appRow),
    install: installRowToInstall(row),
    sharedSecret: openInstallSecret(secretKey, row.client_key, row.shared_secret),
  };
}

/** The live install an OAuth client id belongs to, with its shared secret opened; undefined if none. */
export async function findInstallCredentialsByOauthClientId(
  db: Kysely<Database>,
  secretKey: Buffer,
  oauthClientId: string,
): Promise<InstallCredentials | undefined> {
  const row = await findInstalledRowByOauthClientId(db, oauthClientId);
  return row ? findInstallCredentials(db, secretKey, row.site_id, row.client_key) : undefined;
}

function openInstallSecret(secretKey: Buffer, clientKey: string, sealed: string): string {
  try {
    return openSecret(secretKey, sealed, installSecretContext(clientKey));
  } catch {
    throw new Error(
      `the shared secret of the install ${clientKey} cannot be opened: was VEIL_SECRET_KEY (or the data folder's key file) changed?`,
    );
  }
}

/** What an install's shared secret is sealed to: its client key. */
export function installSecretContext(clientKey: string): string {
  return `connect_installs:${clientKey}`;
}
