/**
 * The lifecycle callbacks Veil sends a Connect app: the documented body, signed with Veil's install key
 * (`installed`, `uninstalled`) or the install's shared secret (`enabled`, `disabled`).
 */
import type { Kysely } from 'kysely';
import { type AppAnswer, postToApp } from '../apps/app-client.ts';
import type { InstalledApp, ProductType } from '../apps/apps.model.ts';
import { findAppRow } from '../apps/apps.repository.ts';
import { describeCallbackActor, withQuery } from '../apps/callback-actor.ts';
import {
  appBaseUrl,
  type ConnectDescriptor,
  type LifecycleEvent,
  resolveAppUrl,
} from '../apps/descriptor.validate.ts';
import { findInstallCredentials } from '../apps/installed-apps.service.ts';
import { encodeJwt } from '../apps/jwt.ts';
import { computeQsh, parseRawUrl } from '../apps/qsh.ts';
import type { Clock } from '../clock/clock.ts';
import type { Config } from '../config/config.ts';
import type { Database } from '../db/schema.ts';
import { cloudIdOf, type Site } from '../sites/sites.model.ts';
import { findSigningKey } from './install-keys.ts';

/** What sending a callback needs: the store (keys, credentials, the actor), the clock and the config. */
export interface LifecycleDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly config: Config;
}

// What the real cloud reports; apps log them, none branch on them.
const serverVersion = '100000';
const pluginsVersion = '1001.0.0';
const callbackValiditySeconds = 180;

/** The documented lifecycle body, without the shared secret (only `installed` carries it). */
export function lifecyclePayload(
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

/** `installed`/`uninstalled`: RS256 with Veil's install key (`kid`), `iss` the client key, `aud` the app. */
export async function sendSignedLifecycle(
  deps: LifecycleDeps,
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
  const token = await encodeJwt(claims, key.privateKey, { alg: 'RS256', kid: key.kid });
  return postToApp(url, payload, callbackHeaders(token), deps.config.connectTimeoutMs);
}

/** `enabled`/`disabled`: HS256 with the install's shared secret, as the product signs other callbacks. */
export async function sendSharedSecretLifecycle(
  deps: LifecycleDeps,
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
  const token = await encodeJwt(claims, credentials.sharedSecret, { alg: 'HS256' });
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

export function describeNotice(event: LifecycleEvent, answer: AppAnswer | undefined): string[] {
  return answer?.ok === false ? [`the app did not accept the ${event} callback: ${answer.problem}`] : [];
}
