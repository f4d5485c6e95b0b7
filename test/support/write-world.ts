/**
 * The world the write matrix runs in: the demo scenario with one person for every kind of caller (so
 * that no one holds two roles that would blur a rule), Connect apps with each scope and one that acts
 * for people, and how each kind of caller signs a request. Every kind is named relative to the targets:
 * the site `acme`, the organization `acme` and the person Mia (`self`).
 */

import { demoScenarioPath } from '../../src/cli/start.ts';
import type { ManualClock } from '../../src/clock/clock.ts';
import type { Store } from '../../src/db/store.ts';
import type { VeilApp } from '../../src/http/server.ts';
import { readScenarioFile } from '../../src/scenarios/scenario.loader.ts';
import type { Scenario } from '../../src/scenarios/scenario.schemas.ts';
import type { AppCredentials, ListeningVeil, TestApp } from '../connect/connect-support.ts';
import {
  installTestApp,
  signAppRequest,
  signImpersonationAssertion,
  startListeningVeil,
  startTestApp,
} from '../connect/connect-support.ts';
import type { TestBackend } from './backends.ts';
import { logWrites, restoreSnapshot, takeSnapshot } from './store-snapshot.ts';
import { demoIds } from './test-veil.ts';

/** The scopes an app can ask for, each held by one app of the world. */
export const appScopes = [
  'READ',
  'WRITE',
  'DELETE',
  'PROJECT_ADMIN',
  'SPACE_ADMIN',
  'ADMIN',
  'ACT_AS_USER',
  'ACCESS_EMAIL_ADDRESSES',
] as const;
export type AppScope = (typeof appScopes)[number];

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

const id = (n: number) => `5f0c1a9e2b7d4c8e9a1b3d${n.toString(16).padStart(2, '0')}`;

/** The accounts of the world that the demo lacks: each holds exactly one role. */
export const extraIds = { gina: id(1), otto: id(2), sam: id(3), cal: id(4), dora: id(5) } as const;

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

const bothProducts = ['jira', 'confluence'] as ('jira' | 'confluence')[];

function extraAccount(accountId: string, name: string, email: string, sites: Record<string, object>) {
  const token = `wm-token-${name.toLowerCase()}`;
  return {
    accountId,
    type: 'atlassian' as const,
    email,
    fullName: `${name} Matrix`,
    publicName: name,
    sites,
    apiTokens: [token],
  };
}

/**
 * The demo scenario, changed so that each role has its own holder: Olivia administers the
 * organization only, Sam the site only, Otto the other organization; everyone on acme has both
 * products (so wiki rules do not depend on who was drawn); Cal is on globex only (and a second platform
 * admin); Dora waits for deletion.
 */
export async function writeWorldScenario(): Promise<Scenario> {
  const scenario = structuredClone((await readScenarioFile(demoScenarioPath)).scenario);
  const acmeSite = scenario.sites?.find((site) => site.id === 'acme');
  const globexOrg = scenario.organizations?.find((org) => org.id === 'globex');
  if (!acmeSite || !globexOrg)
    throw new Error('the demo scenario changed: no acme site or globex organization');
  acmeSite.admins = [extraIds.sam];
  globexOrg.admins = [extraIds.otto];
  // A second platform admin, whom the first may demote (no one may demote themselves).
  scenario.platformAdmins = [...(scenario.platformAdmins ?? []), extraIds.cal];
  const onBoth = { acme: { products: bothProducts }, globex: { products: ['jira' as const] } };
  scenario.accounts?.push(
    extraAccount(extraIds.gina, 'Gina', 'gina@globex.test', onBoth),
    extraAccount(extraIds.otto, 'Otto', 'otto@globex.test', onBoth),
    extraAccount(extraIds.sam, 'Sam', 'sam@example.net', { acme: { products: bothProducts } }),
    extraAccount(extraIds.cal, 'Cal', 'cal@example.net', { globex: { products: ['jira' as const] } }),
    // Managed by acme and waiting for deletion: what the deletion's admin routes act on.
    {
      ...extraAccount(extraIds.dora, 'Dora', 'dora@acme.test', { acme: { products: bothProducts } }),
      status: 'deletion-requested' as const,
    },
  );
  for (const account of scenario.accounts ?? []) {
    const acme = (account as { sites?: Record<string, { products?: string[] }> }).sites?.acme;
    if (acme && account.type === 'atlassian') acme.products = [...bothProducts];
  }
  return scenario;
}

/** What the world holds beyond its people: apps, their credentials and tokens, and ids to aim at. */
export interface WriteWorld {
  readonly store: Store;
  readonly clock: ManualClock;
  /** The Veil serving the world. */
  readonly app: () => VeilApp;
  /** Puts the store back as it was built (the Veil's directory follows). */
  reset(): Promise<void>;
  readonly apps: Record<AppScope | 'impersonator' | 'readOnlyImpersonator', TestApp>;
  readonly appKeys: Record<AppScope | 'impersonator' | 'readOnlyImpersonator', string>;
  readonly credentials: Record<AppScope | 'impersonator' | 'readOnlyImpersonator', AppCredentials>;
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

/** Builds the world on a fresh store of `backend` (a Veil that listens, and the apps it installed). */
export async function buildWriteWorld(backend: TestBackend): Promise<WriteWorld> {
  const veil = await startListeningVeil(backend, {
    scenario: await writeWorldScenario(),
    config: worldConfig,
  });
  const admin = people.siteAdmin;
  const entries: [AppScope | 'impersonator' | 'readOnlyImpersonator', string[]][] = [
    ...appScopes.map((scope) => [scope, [scope]] as [AppScope, string[]]),
    ['impersonator', ['ACT_AS_USER', 'ADMIN']],
    ['readOnlyImpersonator', ['ACT_AS_USER', 'READ']],
  ];
  const apps = {} as WriteWorld['apps'];
  const appKeys = {} as WriteWorld['appKeys'];
  const credentials = {} as WriteWorld['credentials'];
  for (const [name, scopes] of entries) {
    const key = `com.example.wm-${name.toLowerCase().replaceAll('_', '-')}`;
    apps[name] = await startTestApp({ key, scopes, veil });
    appKeys[name] = key;
    await installTestApp(veil, apps[name], 'acme', admin);
    credentials[name] = apps[name].credentials();
  }
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
  const bearerTokens = {
    self: await bearerFor(apps.impersonator, people.self.accountId),
    orgAdmin: await bearerFor(apps.impersonator, people.orgAdmin.accountId),
    siteAdmin: await bearerFor(apps.impersonator, people.siteAdmin.accountId),
    platformAdmin: await bearerFor(apps.impersonator, people.platformAdmin.accountId),
    'siteAdmin:READ': await bearerFor(apps.readOnlyImpersonator, people.siteAdmin.accountId),
  };
  const upmTokenOf = async (person: { email: string; token: string }) => {
    const response = await veil.request({ url: '/rest/plugins/1.0/', as: person });
    return String(response.headers['upm-token']);
  };
  const upmTokens = {
    siteAdmin: await upmTokenOf(admin),
    platformAdmin: await upmTokenOf(people.platformAdmin),
  };
  const targets = await findTargets(veil, credentials.READ);
  // A pending Email API application, for the platform admin to decide.
  const applied = await veil.request({
    method: 'PUT',
    url: `/veil/v1/apps/${appKeys.ACCESS_EMAIL_ADDRESSES}/email-api`,
    as: admin,
    body: { useCases: ['The matrix decides it'] },
  });
  if (applied.statusCode !== 200) throw new Error(`no Email API application: ${applied.body}`);
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
    close: async () => {
      await veil.close();
      for (const app of Object.values(apps)) await app.close();
    },
  };
}

async function findTargets(veil: ListeningVeil, read: AppCredentials): Promise<WriteWorld['targets']> {
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
