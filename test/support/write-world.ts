/**
 * The world the write matrix runs in: the demo scenario with one person for every kind of caller (so
 * that no one holds two roles that would blur a rule), Connect apps with each scope and one that acts
 * for people, and how each kind of caller signs a request. Every kind is named relative to the targets:
 * the site `acme`, the organization `acme` and the person Mia (`self`).
 */

import { type ConnectScope, connectScopes } from '../../src/auth/app-scopes.ts';
import type { ManualClock } from '../../src/clock/clock.ts';
import type { Store } from '../../src/db/store.ts';
import type { VeilApp } from '../../src/http/server.ts';
import type { AppCredentials, ListeningVeil, TestApp } from '../connect/connect-support.ts';
import { signAppRequest, signImpersonationAssertion } from '../connect/connect-support.ts';
import type { TestBackend } from './backends.ts';
import { startConnectTestbed, type TestbedApp } from './connect-testbed.ts';
import { logWrites, restoreSnapshot, takeSnapshot } from './store-snapshot.ts';
import { demoIds } from './test-veil.ts';
import { extraIds, writeWorldScenario } from './write-world.scenario.ts';

export { extraIds };

/** The scopes an app can ask for (the descriptor's), each held by one app of the world. */
export const appScopes = connectScopes;
export type AppScope = ConnectScope;

/** The people of the world, by the role they hold relative to the targets. */
export const personKinds = [
  'self',
  'sameOrgMember',
  'otherOrgMember',
  'unmanagedPerson',
  'customer',
  'orgAdmin',
  'otherOrgAdmin',
  'siteAdmin',
  'otherSiteAdmin',
  'platformAdmin',
] as const;
export type PersonKind = (typeof personKinds)[number];

/** People an app acts for with a bearer token (the app holds ACT_AS_USER and ADMIN, or READ). */
export const impersonatedKinds = ['self', 'orgAdmin', 'siteAdmin', 'platformAdmin'] as const;
export type ImpersonatedKind = (typeof impersonatedKinds)[number];

export const callerKinds = [
  'anonymous',
  'deactivated',
  ...personKinds,
  ...appScopes.map((scope) => `app:${scope}` as const),
  ...impersonatedKinds.map((kind) => `actingFor:${kind}` as const),
  'actingFor:siteAdmin:READ',
] as const;
export type CallerKind = (typeof callerKinds)[number];

/** Who each person kind is, with the email and token they sign in with. */
export const people: Record<PersonKind | 'deactivated', { accountId: string; email: string; token: string }> =
  {
    self: { accountId: demoIds.mia, email: 'mia@acme.test', token: 'demo-token-mia' },
    sameOrgMember: { accountId: demoIds.ava, email: 'ava@acme.test', token: 'demo-token-ava' },
    otherOrgMember: { accountId: extraIds.gina, email: 'gina@globex.test', token: 'wm-token-gina' },
    unmanagedPerson: { accountId: demoIds.noah, email: 'noah@example.com', token: 'demo-token-noah' },
    customer: { accountId: demoIds.customer, email: 'cu@example.org', token: 'demo-token-customer' },
    orgAdmin: { accountId: demoIds.olivia, email: 'olivia@acme.test', token: 'demo-token-olivia' },
    otherOrgAdmin: { accountId: extraIds.otto, email: 'otto@globex.test', token: 'wm-token-otto' },
    siteAdmin: { accountId: extraIds.sam, email: 'sam@example.net', token: 'wm-token-sam' },
    otherSiteAdmin: { accountId: demoIds.sofia, email: 'sofia@globex.test', token: 'demo-token-sofia' },
    platformAdmin: { accountId: demoIds.pat, email: 'pat@veil.test', token: 'demo-token-pat' },
    deactivated: { accountId: demoIds.ethan, email: 'ethan@acme.test', token: 'demo-token-ethan' },
  };

/** What the world holds beyond its people: apps, their credentials and tokens, and ids to aim at. */
export interface WriteWorld {
  readonly store: Store;
  readonly clock: ManualClock;
  /** The Veil serving the world. */
  readonly app: () => VeilApp;
  /** Puts the store back as it was built (the Veil's directory follows). */
  reset(): Promise<void>;
  readonly apps: Record<AppName, TestApp>;
  readonly appKeys: Record<AppName, string>;
  readonly credentials: Record<AppName, AppCredentials>;
  /** Bearer tokens of the impersonating apps, by the kind they act for. */
  readonly bearerTokens: Record<ImpersonatedKind | 'siteAdmin:READ', string>;
  /** The UPM token each admin of acme was given (others have none of their own). */
  readonly upmTokens: { siteAdmin: string; platformAdmin: string };
  /** Ids of things to aim writes at. */
  readonly targets: { developersGroupId: string; miaTokenId: string; webhookId: number };
  /** An assertion of the impersonating app for `/oauth2/token`, to act for `accountId`. */
  assertionFor(accountId: string): string;
  close(): Promise<void>;
}

/** The world's Veil: movable clock on (its route is a write too), short callback timeouts. */
const worldConfig = { movableClock: true, connectTimeoutMs: 2000 };

type AppName = AppScope | 'impersonator' | 'readOnlyImpersonator';

/** One app per scope, and two that act for people (with ADMIN, and with READ only), installed on acme. */
function worldApps(): Record<AppName, TestbedApp> {
  const entries: [AppName, string[]][] = [
    ...appScopes.map((scope) => [scope, [scope]] as [AppScope, string[]]),
    ['impersonator', ['ACT_AS_USER', 'ADMIN']],
    ['readOnlyImpersonator', ['ACT_AS_USER', 'READ']],
  ];
  const install = { siteId: 'acme', as: people.siteAdmin };
  const apps = {} as Record<AppName, TestbedApp>;
  for (const [name, scopes] of entries) apps[name] = { key: appKeyOf(name), scopes, install };
  return apps;
}

function appKeyOf(name: AppName): string {
  return `com.example.wm-${name.toLowerCase().replaceAll('_', '-')}`;
}

/** The bearer tokens of the impersonating apps (`/oauth2/token`), by whom they act for. */
async function issueBearerTokens(veil: ListeningVeil, apps: WriteWorld['apps']) {
  const bearerFor = async (app: TestApp, accountId: string) => {
    const response = await veil.request({
      method: 'POST',
      url: '/oauth2/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        assertion: signImpersonationAssertion(app, veil, accountId),
      }).toString(),
    });
    if (response.statusCode !== 200) throw new Error(`no bearer token: ${response.body}`);
    return String(response.json().access_token);
  };
  return {
    self: await bearerFor(apps.impersonator, people.self.accountId),
    orgAdmin: await bearerFor(apps.impersonator, people.orgAdmin.accountId),
    siteAdmin: await bearerFor(apps.impersonator, people.siteAdmin.accountId),
    platformAdmin: await bearerFor(apps.impersonator, people.platformAdmin.accountId),
    'siteAdmin:READ': await bearerFor(apps.readOnlyImpersonator, people.siteAdmin.accountId),
  };
}

/** The UPM token the plugin manager gives each admin of acme. */
async function issueUpmTokens(veil: ListeningVeil): Promise<WriteWorld['upmTokens']> {
  const upmTokenOf = async (person: { email: string; token: string }) => {
    const response = await veil.request({ url: '/rest/plugins/1.0/', as: person });
    return String(response.headers['upm-token']);
  };
  return {
    siteAdmin: await upmTokenOf(people.siteAdmin),
    platformAdmin: await upmTokenOf(people.platformAdmin),
  };
}

/** Builds the world on a fresh store of `backend` (a Veil that listens, and the apps it installed). */
export async function buildWriteWorld(backend: TestBackend): Promise<WriteWorld> {
  const { veil, ...apps } = await startConnectTestbed(backend, worldApps(), {
    scenario: await writeWorldScenario(),
    config: worldConfig,
  });
  const appKeys = mapApps(apps, (_, name) => appKeyOf(name));
  const credentials = mapApps(apps, (app) => app.credentials());
  const bearerTokens = await issueBearerTokens(veil, apps);
  const upmTokens = await issueUpmTokens(veil);
  const targets = await findTargets(veil, credentials.READ, appKeys.ACCESS_EMAIL_ADDRESSES);
  await logWrites(veil.store.db);
  const snapshot = await takeSnapshot(veil.store.db);
  return {
    store: veil.store,
    clock: veil.clock,
    app: () => veil.app,
    reset: async () => {
      await restoreSnapshot(veil.store.db, snapshot);
      // Any write waits until the directory has caught up with the store: this one makes it hear the restore.
      await veil.app.inject({ method: 'DELETE', url: '/veil/v1/sessions/current' });
    },
    assertionFor: (accountId) => signImpersonationAssertion(apps.impersonator, veil, accountId),
    apps,
    appKeys,
    credentials,
    bearerTokens,
    upmTokens,
    targets,
    // The testbed's Veil closes the apps as well.
    close: () => veil.close(),
  };
}

/** `each` of every app of the world, by the app's name. */
function mapApps<T>(apps: WriteWorld['apps'], each: (app: TestApp, name: AppName) => T): Record<AppName, T> {
  const entries = Object.entries(apps) as [AppName, TestApp][];
  return Object.fromEntries(entries.map(([name, app]) => [name, each(app, name)])) as Record<AppName, T>;
}

/** Ids to aim at, and what the world holds for them: a registered webhook, a pending Email API application. */
async function findTargets(
  veil: ListeningVeil,
  read: AppCredentials,
  emailAppKey: string,
): Promise<WriteWorld['targets']> {
  const applied = await veil.request({
    method: 'PUT',
    url: `/veil/v1/apps/${emailAppKey}/email-api`,
    as: people.siteAdmin,
    body: { useCases: ['The matrix decides it'] },
  });
  if (applied.statusCode !== 200) throw new Error(`no Email API application: ${applied.body}`);
  const group = await veil.store.db
    .selectFrom('groups')
    .select('group_id')
    .where('site_id', '=', 'acme')
    .where('name', '=', 'developers')
    .executeTakeFirstOrThrow();
  const token = await veil.store.db
    .selectFrom('api_tokens')
    .select('token_id')
    .where('account_id', '=', people.self.accountId)
    .executeTakeFirstOrThrow();
  const url = '/rest/api/3/webhook';
  const registered = await veil.request({
    method: 'POST',
    url,
    headers: { authorization: `JWT ${signAppRequest(read, veil, 'POST', url, { iss: read.clientKey })}` },
    body: { url: '/wm-hooks', webhooks: [{ events: ['user_updated'] }] },
  });
  const webhookId = registered.json().webhookRegistrationResult?.[0]?.createdWebhookId;
  if (typeof webhookId !== 'number') throw new Error(`no webhook: ${registered.body}`);
  return { developersGroupId: group.group_id, miaTokenId: token.token_id, webhookId };
}

/** The headers with which a caller of `kind` signs `method url` (JWTs are made for the request). */
export function signRequest(
  world: WriteWorld,
  kind: CallerKind,
  method: string,
  url: string,
): Record<string, string> {
  if (kind === 'anonymous') return {};
  if (kind.startsWith('app:')) {
    const credentials = world.credentials[kind.slice(4) as AppScope];
    const jwt = signAppRequest(credentials, world, method, url, { iss: credentials.clientKey });
    return { authorization: `JWT ${jwt}` };
  }
  if (kind.startsWith('actingFor:')) {
    const token = world.bearerTokens[kind.slice(10) as ImpersonatedKind | 'siteAdmin:READ'];
    return { authorization: `Bearer ${token}` };
  }
  const person = people[kind as PersonKind | 'deactivated'];
  return { authorization: `Basic ${Buffer.from(`${person.email}:${person.token}`).toString('base64')}` };
}
