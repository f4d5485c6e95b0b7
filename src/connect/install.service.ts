/**
 * The install life cycle of a Connect app on a site: fetch and check the descriptor, hand the app its
 * shared secret through the signed `installed` callback, and write the install only once the app has
 * answered 2xx, so a refused or silent app leaves nothing behind. `uninstalled`, `enabled` and
 * `disabled` follow the same shapes; they are notifications, so the app's answer does not undo them.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { fetchDescriptorJson } from '../apps/app-client.ts';
import type { EmailApiStatus, InstalledApp, ProductType } from '../apps/apps.model.ts';
import { type ConnectDescriptor, parseDescriptor, resolveAppUrl } from '../apps/descriptor.validate.ts';
import { findInstall, getInstalledApp } from '../apps/installed-apps.service.ts';
import { type AppAction, appLifecycle } from '../audit/audit.entries.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Clock } from '../clock/clock.ts';
import type { Config } from '../config/config.ts';
import type { Database, StoreDeps } from '../db/schema.ts';
import { VeilError } from '../errors/veil-error.ts';
import type { Site } from '../sites/sites.model.ts';
import { getSite } from '../sites/sites.service.ts';
import { recordEnabled, recordInstall, recordUninstall } from './apps.service.ts';
import { withInstallClaim } from './install-claims.service.ts';
import {
  describeNotice,
  lifecyclePayload,
  sendSharedSecretLifecycle,
  sendSignedLifecycle,
} from './lifecycle-callbacks.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps extends StoreDeps {
  readonly config: Config;
}

type ConnectDeps = Deps;

/** Where a descriptor comes from: the app's URL, or given whole. */
export type DescriptorSource = { readonly descriptorUrl: string } | { readonly descriptor: unknown };

export interface InstallRequest {
  readonly siteId: string;
  readonly source: DescriptorSource;
  /** Which product the app is installed into; the site's tracker by default, else its wiki. */
  readonly productType?: ProductType;
  readonly emailApiStatus?: EmailApiStatus | null;
  /** The person who asked for it: the `sub` of the callback JWT. */
  readonly actingAccountId?: string;
}

export interface LifecycleOutcome {
  readonly installed: InstalledApp;
  readonly reinstall: boolean;
  /** Notifications the app did not accept (they do not undo anything); for the logs. */
  readonly notices: readonly string[];
}

/** The descriptor from its source, checked against the schema (`connect.descriptor_invalid`). */
export async function loadDescriptor(source: DescriptorSource, config: Config): Promise<ConnectDescriptor> {
  const raw =
    'descriptorUrl' in source
      ? await fetchDescriptorJson(source.descriptorUrl, config.connectTimeoutMs)
      : source.descriptor;
  return parseDescriptor(raw);
}

/**
 * Installs (or reinstalls, keeping the client key) an app on a site; nothing is written unless the app
 * accepts. One install of an app on a site runs at a time: a second one meanwhile is refused
 * (`connect.install_in_progress`) before the app is sent a second secret.
 */
export async function installApp(deps: ConnectDeps, request: InstallRequest): Promise<LifecycleOutcome> {
  const { db, clock, config } = deps;
  const site = await getSite(db, request.siteId);
  const productType = chooseProductType(site, request.productType);
  const descriptor = await loadDescriptor(request.source, config);
  const callbackTimeoutMs = config.connectTimeoutMs;
  return withInstallClaim({ db, clock, callbackTimeoutMs }, site.id, descriptor.key, () =>
    installClaimed(deps, site, productType, descriptor, request),
  );
}

/** The install itself, once this request holds the claim on the app and site. */
async function installClaimed(
  deps: ConnectDeps,
  site: Site,
  productType: ProductType,
  descriptor: ConnectDescriptor,
  request: InstallRequest,
): Promise<LifecycleOutcome> {
  const { db, clock, config } = deps;
  const previous = await findInstall(db, site.id, descriptor.key);
  const credentials = {
    clientKey: previous?.clientKey ?? randomUUID(),
    oauthClientId: previous?.oauthClientId ?? randomBytes(24).toString('base64url'),
    sharedSecret: randomBytes(32).toString('base64url'),
  };
  const payload = {
    ...lifecyclePayload(site, productType, descriptor, credentials, 'installed'),
    sharedSecret: credentials.sharedSecret,
  };
  const sub = request.actingAccountId;
  const answer = await sendSignedLifecycle(deps, site, descriptor, 'installed', payload, sub);
  if (!answer?.ok) {
    const url = resolveAppUrl(descriptor, descriptor.lifecycle?.installed ?? '');
    const problem = answer?.ok === false ? answer.problem : 'no installed callback';
    throw new VeilError(
      'connect.install_failed',
      `The app ${descriptor.key} did not accept the install at ${url}: ${problem}`,
    );
  }
  const installed = await db.transaction().execute(async (trx) => {
    const recorded = await recordInstall(trx, clock, config.connectSecretKey, {
      siteId: site.id,
      descriptor,
      productType,
      ...credentials,
      emailApiStatus: request.emailApiStatus ?? null,
    });
    await auditApp(trx, clock, recorded, 'installed', sub);
    return recorded;
  });
  const enabled = await sendSharedSecretLifecycle(deps, site, installed, 'enabled', sub);
  return { installed, reinstall: previous?.installed ?? false, notices: enabled };
}

/** Uninstalls an app from a site, then tells it (`uninstalled`, signed like `installed`). */
export async function uninstallApp(
  deps: ConnectDeps,
  siteId: string,
  appKey: string,
  actingAccountId?: string,
): Promise<LifecycleOutcome> {
  const { db, clock } = deps;
  const site = await getSite(db, siteId);
  const installed = await getInstalledApp(db, site.id, appKey);
  await db.transaction().execute(async (trx) => {
    await recordUninstall(trx, clock, installed);
    await auditApp(trx, clock, installed, 'uninstalled', actingAccountId);
  });
  const { install } = installed;
  const payload = lifecyclePayload(site, install.productType, install.descriptor, install, 'uninstalled');
  const answer = await sendSignedLifecycle(
    deps,
    site,
    install.descriptor,
    'uninstalled',
    payload,
    actingAccountId,
  );
  return { installed, reinstall: false, notices: describeNotice('uninstalled', answer) };
}

/** Enables or disables an installed app and tells it (`enabled` / `disabled`, signed with its secret). */
export async function setAppEnabled(
  deps: ConnectDeps,
  siteId: string,
  appKey: string,
  enabled: boolean,
  actingAccountId?: string,
): Promise<LifecycleOutcome> {
  const { db, clock } = deps;
  const site = await getSite(db, siteId);
  const current = await getInstalledApp(db, site.id, appKey);
  if (current.install.enabled === enabled) return { installed: current, reinstall: false, notices: [] };
  const event = enabled ? 'enabled' : 'disabled';
  // `disabled` goes out while the secret still opens; `enabled` once the install is live again.
  const before = enabled ? [] : await sendSharedSecretLifecycle(deps, site, current, event, actingAccountId);
  await db.transaction().execute(async (trx) => {
    await recordEnabled(trx, clock, current.install, enabled);
    await auditApp(trx, clock, current, event, actingAccountId);
  });
  const installed = await getInstalledApp(db, site.id, appKey);
  const after = enabled ? await sendSharedSecretLifecycle(deps, site, installed, event, actingAccountId) : [];
  return { installed, reinstall: false, notices: [...before, ...after] };
}

/** The site's audit record of an app's install, uninstall, enabling or disabling, by the person who asked. */
function auditApp(
  trx: Kysely<Database>,
  clock: Clock,
  { app, install }: InstalledApp,
  action: AppAction,
  actingAccountId: string | undefined,
) {
  const actor = { authorAccountId: actingAccountId ?? null, eventSource: 'Connect' } as const;
  return recordAudit(trx, clock, install.siteId, appLifecycle(actor, app.appKey, app.accountId, action));
}

/** The product an app goes into: the one asked for, if the site hosts it; else the tracker, else the wiki. */
function chooseProductType(site: Site, asked: ProductType | undefined): ProductType {
  const hosted = (['jira', 'confluence'] as const).filter((product) => site.products.includes(product));
  const chosen = asked ?? hosted[0];
  if (chosen === undefined || !hosted.includes(chosen)) {
    throw new VeilError(
      'request.invalid',
      `The site ${site.id} does not host ${asked ?? 'the tracker or the wiki'}`,
      [{ path: 'product', message: `must be one of the site's products: ${hosted.join(', ') || 'none'}` }],
    );
  }
  return chosen;
}
