import type { Kysely } from 'kysely';
import { findAppAccountRowByKey } from '../accounts/accounts.repository.ts';
import { createAccount } from '../accounts/accounts.service.ts';
import { deleteAccessTokenRowsOfInstall } from '../apps/access-tokens.repository.ts';
import type { EmailApiStatus, Install, InstalledApp, ProductType } from '../apps/apps.model.ts';
import { lockAppKey, updateInstallRow, upsertAppRow, upsertInstallRow } from '../apps/apps.repository.ts';
import { appBaseUrl, type ConnectDescriptor, scopesOf } from '../apps/descriptor.validate.ts';
import { getInstalledApp, installSecretContext } from '../apps/installed-apps.service.ts';
import { sealSecret } from '../apps/secrets.ts';
import type { Clock } from '../clock/clock.ts';
import type { Database } from '../db/schema.ts';
import { joinSite, leaveSite } from '../site-links/site-membership.service.ts';
import { listLinks } from '../sites/site-links.service.ts';

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
    shared_secret: sealSecret(secretKey, accepted.sharedSecret, installSecretContext(accepted.clientKey)),
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
