import type { Kysely } from 'kysely';
import { findAppAccountRowByKey } from '../accounts/accounts.repository.ts';
import { createAccount } from '../accounts/accounts.service.ts';
import type { Clock } from '../clock/clock.ts';
import type { Database } from '../db/schema.ts';
import { VeilError } from '../errors/veil-error.ts';
import { listLinks } from '../site-links/site-links.service.ts';
import { joinSite, leaveSite } from '../site-links/site-membership.service.ts';
import { deleteAccessTokenRowsOfInstall } from './access-tokens.repository.ts';
import {
  appRowToApp,
  type ConnectApp,
  type EmailApiStatus,
  type Install,
  type InstalledApp,
  installRowToInstall,
  type ProductType,
} from './apps.model.ts';
import {
  findAppRow,
  findAppRowsByKeys,
  findInstalledRowByOauthClientId,
  findInstalledRowForIssuer,
  findInstallRow,
  listInstalledRows,
  lockAppKey,
  updateInstallRow,
  upsertAppRow,
  upsertInstallRow,
} from './apps.repository.ts';
import { appBaseUrl, type ConnectDescriptor, scopesOf } from './descriptor.validate.ts';
import { openSecret, sealSecret } from './secrets.ts';

/** What an install writes once the app has accepted it. */
export interface AcceptedInstall {
  readonly siteId: string;
  readonly descriptor: ConnectDescriptor;
  readonly productType: ProductType;
  readonly clientKey: string;
  readonly oauthClientId: string;
  readonly sharedSecret: string;
  readonly emailApiStatus: EmailApiStatus | null;
}

/** A live install with what it takes to check the app's JWTs. */
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
export async function recordInstall(
  db: Kysely<Database>,
  clock: Clock,
  secretKey: Buffer,
  accepted: AcceptedInstall,
): Promise<InstalledApp> {
  const { descriptor, siteId } = accepted;
  const now = clock.now();
  await lockAppKey(db, descriptor.key);
  const accountId = await findOrCreateAppAccount(db, clock, descriptor);
  await upsertAppRow(db, {
    app_key: descriptor.key,
    name: descriptor.name ?? descriptor.key,
    account_id: accountId,
    email_api_status: accepted.emailApiStatus,
    created_at: now,
    updated_at: now,
  });
  // The app's own user appears on the site, for the apps already there.
  await joinSite(db, clock, siteId, accountId, { products: [accepted.productType] });
  await upsertInstallRow(db, {
    client_key: accepted.clientKey,
    site_id: siteId,
    app_key: descriptor.key,
    base_url: appBaseUrl(descriptor),
    descriptor: JSON.stringify(descriptor),
    scopes: scopesOf(descriptor).join(' '),
    shared_secret: sealSecret(secretKey, accepted.sharedSecret, secretContext(accepted.clientKey)),
    oauth_client_id: accepted.oauthClientId,
    product_type: accepted.productType,
    status: 'installed',
    enabled: true,
    installed_at: now,
    updated_at: now,
  });
  return getInstalledApp(db, siteId, descriptor.key);
}

/** Marks the install uninstalled (its secret is dropped) and unlinks the app's account from the site. */
export async function recordUninstall(
  db: Kysely<Database>,
  clock: Clock,
  installed: InstalledApp,
): Promise<void> {
  const { install, app } = installed;
  await deleteAccessTokenRowsOfInstall(db, install.clientKey);
  await updateInstallRow(db, install.clientKey, {
    status: 'uninstalled',
    shared_secret: null,
    enabled: false,
    updated_at: clock.now(),
  });
  const [link] = await listLinks(db, install.siteId, [app.accountId]);
  if (link) await leaveSite(db, clock, install.siteId, app.accountId);
}

/** Enables or disables an install; a disabled app's JWTs are refused. */
export async function recordEnabled(
  db: Kysely<Database>,
  clock: Clock,
  install: Install,
  enabled: boolean,
): Promise<void> {
  await updateInstallRow(db, install.clientKey, { enabled, updated_at: clock.now() });
}

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

async function findOrCreateAppAccount(
  db: Kysely<Database>,
  clock: Clock,
  descriptor: ConnectDescriptor,
): Promise<string> {
  const existing = await findAppAccountRowByKey(db, descriptor.key);
  if (existing) return existing.account_id;
  const name = descriptor.name?.trim() || descriptor.key;
  const account = await createAccount(db, clock, {
    type: 'app',
    appKey: descriptor.key,
    fullName: name,
    publicName: name,
  });
  return account.accountId;
}

function openInstallSecret(secretKey: Buffer, clientKey: string, sealed: string): string {
  try {
    return openSecret(secretKey, sealed, secretContext(clientKey));
  } catch {
    throw new Error(
      `the shared secret of the install ${clientKey} cannot be opened: was VEIL_SECRET_KEY (or the data folder's key file) changed?`,
    );
  }
}

function secretContext(clientKey: string): string {
  return `connect_installs:${clientKey}`;
}
