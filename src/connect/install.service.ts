/**
 * The install life cycle of a Connect app on a site: fetch and check the descriptor, hand the app its
 * shared secret through the signed `installed` callback, and write the install only once the app has
 * answered 2xx, so a refused or silent app leaves nothing behind. `uninstalled`, `enabled` and
 * `disabled` follow the same shapes; they are notifications, so the app's answer does not undo them.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { type AppAnswer, fetchDescriptorJson, postToApp } from '../apps/app-client.ts';
import type { EmailApiStatus, InstalledApp, ProductType } from '../apps/apps.model.ts';
import { findAppRow } from '../apps/apps.repository.ts';
import { describeCallbackActor, withQuery } from '../apps/callback-actor.ts';
import {
  appBaseUrl,
  type ConnectDescriptor,
  type LifecycleEvent,
  parseDescriptor,
  resolveAppUrl,
} from '../apps/descriptor.validate.ts';
import { findInstall, findInstallCredentials, getInstalledApp } from '../apps/installed-apps.service.ts';
import { encodeJwt } from '../apps/jwt.ts';
import { computeQsh, parseRawUrl } from '../apps/qsh.ts';
import type { Clock } from '../clock/clock.ts';
import type { Config } from '../config/config.ts';
import type { Database } from '../db/schema.ts';
import { VeilError } from '../errors/veil-error.ts';
import type { Site } from '../sites/sites.model.ts';
import { getSite } from '../sites/sites.service.ts';
import { recordEnabled, recordInstall, recordUninstall } from './apps.service.ts';
import { withInstallClaim } from './install-claims.service.ts';
import { findSigningKey } from './install-keys.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps {
  readonly config: Config;
  readonly db: Kysely<Database>;
  readonly clock: Clock;
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

// What the real cloud reports; apps log them, none branch on them.
const serverVersion = '100000';
const pluginsVersion = '1001.0.0';
const callbackValiditySeconds = 180;

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
  const installed = await db.transaction().execute((trx) =>
    recordInstall(trx, clock, config.connectSecretKey, {
      siteId: site.id,
      descriptor,
      productType,
      ...credentials,
      emailApiStatus: request.emailApiStatus ?? null,
    }),
  );
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
  await db.transaction().execute((trx) => recordUninstall(trx, clock, installed));
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
  await recordEnabled(db, clock, current.install, enabled);
  const installed = await getInstalledApp(db, site.id, appKey);
  const after = enabled ? await sendSharedSecretLifecycle(deps, site, installed, event, actingAccountId) : [];
  return { installed, reinstall: false, notices: [...before, ...after] };
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

/** The documented lifecycle body, without the shared secret (only `installed` carries it). */
function lifecyclePayload(
  site: Site,
  productType: ProductType,
  descriptor: ConnectDescriptor,
  ids: { clientKey: string; oauthClientId: string },
  eventType: LifecycleEvent,
) {
  const baseUrl = productType === 'confluence' ? `${site.baseUrl}/wiki` : site.baseUrl;
  return {
    key: descriptor.key,
    clientKey: ids.clientKey,
    serverVersion,
    pluginsVersion,
    baseUrl,
    displayUrl: baseUrl,
    displayUrlServicedeskHelpCenter: baseUrl,
    productType,
    description: `Veil ${productType === 'jira' ? 'tracker' : 'wiki'} at ${baseUrl}`,
    eventType,
    oauthClientId: ids.oauthClientId,
    cloudId: cloudIdOf(site.id),
  };
}

/** A stable cloud id per site (a UUID derived from the site id): Veil sites have no other. */
export function cloudIdOf(siteId: string): string {
  const hex = createHash('sha256').update(`veil-cloud:${siteId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** `installed`/`uninstalled`: RS256 with Veil's install key (`kid`), `iss` the client key, `aud` the app. */
async function sendSignedLifecycle(
  deps: ConnectDeps,
  site: Site,
  descriptor: ConnectDescriptor,
  event: 'installed' | 'uninstalled',
  payload: { clientKey: string },
  sub: string | undefined,
): Promise<AppAnswer | undefined> {
  const path = descriptor.lifecycle?.[event];
  if (!path) return undefined;
  const appAccountId = (await findAppRow(deps.db, descriptor.key))?.account_id ?? null;
  const actor = await describeCallbackActor(
    deps.db,
    deps.clock,
    site,
    { descriptor, appKey: descriptor.key, appAccountId },
    sub,
  );
  const url = withQuery(resolveAppUrl(descriptor, path), actor.legacyQuery);
  const key = await findSigningKey(deps.db, deps.clock, deps.config.connectSecretKey);
  const claims = callbackClaims(deps.clock, descriptor, url, payload.clientKey, sub, actor.context);
  const token = encodeJwt(claims, key.privateKey, { alg: 'RS256', kid: key.kid });
  return postToApp(url, payload, callbackHeaders(token), deps.config.connectTimeoutMs);
}

/** `enabled`/`disabled`: HS256 with the install's shared secret, as the product signs other callbacks. */
async function sendSharedSecretLifecycle(
  deps: ConnectDeps,
  site: Site,
  installed: InstalledApp,
  event: 'enabled' | 'disabled',
  sub: string | undefined,
): Promise<string[]> {
  const { install } = installed;
  const path = install.descriptor.lifecycle?.[event];
  if (!path) return [];
  const credentials = await findInstallCredentials(
    deps.db,
    deps.config.connectSecretKey,
    site.id,
    install.clientKey,
  );
  if (!credentials) return [];
  const url = resolveAppUrl(install.descriptor, path);
  const actor = await describeCallbackActor(
    deps.db,
    deps.clock,
    site,
    { descriptor: install.descriptor, appKey: install.appKey, appAccountId: installed.app.accountId },
    sub,
  );
  const claims = callbackClaims(deps.clock, install.descriptor, url, install.clientKey, sub, actor.context);
  const token = encodeJwt(claims, credentials.sharedSecret, { alg: 'HS256' });
  const payload = lifecyclePayload(site, install.productType, install.descriptor, install, event);
  const answer = await postToApp(url, payload, callbackHeaders(token), deps.config.connectTimeoutMs);
  return describeNotice(event, answer);
}

function callbackClaims(
  clock: Clock,
  descriptor: ConnectDescriptor,
  url: string,
  clientKey: string,
  sub: string | undefined,
  context: object | undefined,
) {
  const iat = Math.floor(clock.now().getTime() / 1000);
  const baseUrl = appBaseUrl(descriptor);
  return {
    iss: clientKey,
    ...(sub ? { sub } : {}),
    aud: [baseUrl],
    iat,
    exp: iat + callbackValiditySeconds,
    // Over the app-relative path: the app strips its own base URL's path before hashing.
    qsh: computeQsh(parseRawUrl('POST', url), { contextPath: baseUrl }),
    ...(context ? { context } : {}),
  };
}

function callbackHeaders(token: string): Record<string, string> {
  return { authorization: `JWT ${token}`, 'atlassian-connect-version': pluginsVersion };
}

function describeNotice(event: LifecycleEvent, answer: AppAnswer | undefined): string[] {
  return answer?.ok === false ? [`the app did not accept the ${event} callback: ${answer.problem}`] : [];
}
