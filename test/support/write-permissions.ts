/**
 * Who may write what: every write route Veil registers, each with the kinds of caller that may call it
 * (every other kind must be refused, and the store left as it was) and a valid request aimed at the
 * world's targets (the site acme, the organization acme, Mia as `self`). Read it as the table of the
 * write authorization rules; `test/http/write-matrix.test.ts` checks Veil against it.
 */
import {
  type AppScope,
  type CallerKind,
  extraIds,
  type ImpersonatedKind,
  type PersonKind,
  people,
  personKinds,
  type WriteWorld,
} from './write-world.ts';

export interface WriteRequest {
  readonly url: string;
  readonly body?: unknown;
  /** `acme.localhost` unless said. */
  readonly host?: string;
  readonly headers?: Record<string, string>;
}

export interface WriteRule {
  readonly method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The route as Veil registers it (`:param`). */
  readonly route: string;
  /** Tells two rules of one route apart (another host, another body). */
  readonly variant?: string;
  /** The kinds of caller that may; every other kind must be refused. */
  readonly allowed: readonly CallerKind[];
  /** A valid request; `n` is unique per case, for names that must not collide. */
  request(world: WriteWorld, kind: CallerKind, n: number): WriteRequest;
  /** An allowed call can change who may do what in the world: start over after one that wrote. */
  readonly resets?: boolean;
  /** Refusals this route documents besides 401, 403 and 404 (410 for the operations that are gone). */
  readonly refusals?: readonly number[];
  /** What an allowed call must still leave alone (a rule of intent); a message when it did not. */
  afterAllowed?(world: WriteWorld, kind: CallerKind): Promise<string | undefined>;
}

const allPeople: readonly CallerKind[] = personKinds;
const platform: readonly CallerKind[] = ['platformAdmin'];
const siteAdmins: readonly CallerKind[] = ['siteAdmin', 'platformAdmin'];
const orgAdmins: readonly CallerKind[] = ['orgAdmin', 'platformAdmin'];
/** Everyone who signs in with credentials in the body or none: anybody but apps and refused Basic. */
const anyoneButApps: readonly CallerKind[] = ['anonymous', ...personKinds];
const readingScopes: readonly AppScope[] = [
  'READ',
  'WRITE',
  'DELETE',
  'PROJECT_ADMIN',
  'SPACE_ADMIN',
  'ADMIN',
];
const readingApps: readonly CallerKind[] = readingScopes.map((scope) => `app:${scope}` as const);
const allApps: readonly CallerKind[] = [...readingApps, 'app:ACT_AS_USER', 'app:ACCESS_EMAIL_ADDRESSES'];
const actingFor = (...kinds: (ImpersonatedKind | 'siteAdmin:READ')[]): CallerKind[] =>
  kinds.map((kind) => `actingFor:${kind}` as const);
/** People linked to acme with both products (everyone but the customer). */
const acmeMembers: readonly CallerKind[] = personKinds.filter((kind) => kind !== 'customer');
const allActing = actingFor('self', 'orgAdmin', 'siteAdmin', 'platformAdmin', 'siteAdmin:READ');

const q = encodeURIComponent;
const mia = people.self.accountId;
const credentialsOf = (kind: CallerKind) => people[(kind in people ? kind : 'self') as PersonKind];

/** The account's global status, read from the store. */
async function statusOf(world: WriteWorld, accountId: string): Promise<string> {
  const row = await world.store.db
    .selectFrom('accounts')
    .select('status')
    .where('account_id', '=', accountId)
    .executeTakeFirstOrThrow();
  return row.status;
}

/** A site admin's deactivation is for the site: Mia's account stays active everywhere else. */
async function miaStillActiveGlobally(world: WriteWorld, kind: CallerKind) {
  if (kind === 'platformAdmin' || kind === 'actingFor:platformAdmin') return undefined;
  const status = await statusOf(world, mia);
  return status === 'active' ? undefined : `a site admin's deactivation made Mia's account ${status}`;
}

/** Veil's own management API (`/veil/v1`): people only, never an app. */
const managementRules: WriteRule[] = [
  {
    method: 'PATCH',
    route: '/veil/v1/me/profile',
    allowed: allPeople,
    request: (_w, _k, n) => ({ url: '/veil/v1/me/profile', body: { fullName: `Renamed ${n}` } }),
  },
  {
    method: 'PATCH',
    route: '/veil/v1/me/profile',
    variant: 'a new email (verified first; managed accounts change it through their organization)',
    allowed: ['unmanagedPerson', 'customer', 'siteAdmin', 'platformAdmin'],
    resets: true,
    request: (_w, _k, n) => ({ url: '/veil/v1/me/profile', body: { email: `moved-${n}@acme.test` } }),
    async afterAllowed(world, kind) {
      const person = credentialsOf(kind);
      const row = await world.store.db
        .selectFrom('accounts')
        .select('email')
        .where('account_id', '=', person.accountId)
        .executeTakeFirstOrThrow();
      return row.email === person.email
        ? undefined
        : `the email changed to ${row.email} before it was verified`;
    },
  },
  {
    method: 'PUT',
    route: '/veil/v1/me/visibility',
    allowed: allPeople,
    request: () => ({ url: '/veil/v1/me/visibility', body: { location: 'organization' } }),
  },
  {
    method: 'POST',
    route: '/veil/v1/sessions',
    allowed: anyoneButApps,
    request: (_w, kind) => ({
      url: '/veil/v1/sessions',
      body: { email: credentialsOf(kind).email, apiToken: credentialsOf(kind).token },
    }),
  },
  {
    method: 'DELETE',
    route: '/veil/v1/sessions/current',
    allowed: anyoneButApps,
    request: () => ({ url: '/veil/v1/sessions/current' }),
  },
  {
    method: 'POST',
    route: '/veil/v1/me/tokens',
    allowed: allPeople,
    request: (_w, _k, n) => ({ url: '/veil/v1/me/tokens', body: { label: `matrix ${n}` } }),
  },
  {
    method: 'DELETE',
    route: '/veil/v1/me/tokens/:tokenId',
    allowed: ['self'],
    resets: true,
    request: (w) => ({ url: `/veil/v1/me/tokens/${w.targets.miaTokenId}` }),
  },
  {
    method: 'POST',
    route: '/veil/v1/me/deletion',
    allowed: allPeople,
    resets: true,
    request: () => ({ url: '/veil/v1/me/deletion' }),
  },
  {
    method: 'DELETE',
    route: '/veil/v1/me/deletion',
    allowed: allPeople,
    request: () => ({ url: '/veil/v1/me/deletion' }),
  },
  {
    method: 'POST',
    route: '/veil/v1/accounts',
    allowed: platform,
    request: (_w, _k, n) => ({
      url: '/veil/v1/accounts',
      body: { type: 'atlassian', fullName: `New ${n}`, email: `new-${n}@example.org` },
    }),
  },
  {
    method: 'PATCH',
    route: '/veil/v1/accounts/:accountId',
    allowed: orgAdmins,
    resets: true,
    request: () => ({ url: `/veil/v1/accounts/${mia}`, body: { status: 'deactivated' } }),
  },
  {
    method: 'POST',
    route: '/veil/v1/accounts/:accountId/tokens',
    allowed: platform,
    request: (_w, _k, n) => ({ url: `/veil/v1/accounts/${mia}/tokens`, body: { label: `matrix ${n}` } }),
  },
  {
    method: 'POST',
    route: '/veil/v1/accounts/:accountId/deletion',
    allowed: orgAdmins,
    resets: true,
    request: () => ({ url: `/veil/v1/accounts/${mia}/deletion`, body: {} }),
  },
  {
    method: 'PATCH',
    route: '/veil/v1/accounts/:accountId/deletion',
    allowed: orgAdmins,
    resets: true,
    request: () => ({ url: `/veil/v1/accounts/${mia}/deletion`, body: { gracePeriod: 'P1D', confirm: mia } }),
  },
  {
    method: 'DELETE',
    route: '/veil/v1/accounts/:accountId/deletion',
    allowed: orgAdmins,
    resets: true,
    request: () => ({ url: `/veil/v1/accounts/${mia}/deletion` }),
  },
  {
    method: 'PUT',
    route: '/veil/v1/platform-admins/:accountId',
    allowed: platform,
    resets: true,
    request: () => ({ url: `/veil/v1/platform-admins/${people.unmanagedPerson.accountId}` }),
  },
  {
    method: 'DELETE',
    route: '/veil/v1/platform-admins/:accountId',
    allowed: platform,
    resets: true,
    request: () => ({ url: `/veil/v1/platform-admins/${extraIds.cal}` }),
  },
  {
    method: 'POST',
    route: '/veil/v1/organizations',
    allowed: platform,
    request: (_w, _k, n) => ({
      url: '/veil/v1/organizations',
      body: { id: `wm-org-${n}`, name: `Org ${n}` },
    }),
  },
  {
    method: 'PUT',
    route: '/veil/v1/organizations/:organizationId/domains/:domain',
    allowed: platform,
    request: (_w, _k, n) => ({ url: `/veil/v1/organizations/acme/domains/wm${n}.test` }),
  },
  {
    method: 'DELETE',
    route: '/veil/v1/organizations/:organizationId/domains/:domain',
    allowed: platform,
    resets: true,
    request: () => ({ url: '/veil/v1/organizations/acme/domains/acme.test' }),
  },
  {
    method: 'PUT',
    route: '/veil/v1/organizations/:organizationId/admins/:accountId',
    allowed: orgAdmins,
    resets: true,
    request: () => ({ url: `/veil/v1/organizations/acme/admins/${people.sameOrgMember.accountId}` }),
  },
  {
    method: 'DELETE',
    route: '/veil/v1/organizations/:organizationId/admins/:accountId',
    allowed: orgAdmins,
    resets: true,
    request: () => ({ url: `/veil/v1/organizations/acme/admins/${people.orgAdmin.accountId}` }),
  },
  {
    method: 'PUT',
    route: '/veil/v1/organizations/:organizationId/accounts/:accountId/visibility',
    allowed: orgAdmins,
    request: () => ({
      url: `/veil/v1/organizations/acme/accounts/${mia}/visibility`,
      body: { location: { visibility: 'organization', locked: false } },
    }),
  },
  {
    method: 'POST',
    route: '/veil/v1/sites',
    allowed: platform,
    request: (_w, _k, n) => ({
      url: '/veil/v1/sites',
      body: { id: `wm-site-${n}`, baseUrl: `http://wm-site-${n}.test` },
    }),
  },
  {
    method: 'PATCH',
    route: '/veil/v1/sites/:siteId',
    allowed: siteAdmins,
    request: () => ({ url: '/veil/v1/sites/acme', body: { anonymousAccess: false } }),
  },
  {
    method: 'PUT',
    route: '/veil/v1/sites/:siteId/admins/:accountId',
    allowed: siteAdmins,
    resets: true,
    request: () => ({ url: `/veil/v1/sites/acme/admins/${people.unmanagedPerson.accountId}` }),
  },
  {
    method: 'DELETE',
    route: '/veil/v1/sites/:siteId/admins/:accountId',
    allowed: siteAdmins,
    resets: true,
    request: () => ({ url: `/veil/v1/sites/acme/admins/${people.siteAdmin.accountId}` }),
  },
  {
    method: 'PUT',
    route: '/veil/v1/sites/:siteId/accounts/:accountId',
    allowed: siteAdmins,
    request: () => ({
      url: '/veil/v1/sites/acme/accounts/5f0c1a9e2b7d4c8e9a1b3d04',
      body: { products: ['jira'] },
    }),
  },
  {
    method: 'DELETE',
    route: '/veil/v1/sites/:siteId/accounts/:accountId',
    allowed: siteAdmins,
    resets: true,
    request: () => ({ url: `/veil/v1/sites/acme/accounts/${mia}` }),
  },
  {
    method: 'POST',
    route: '/veil/v1/sites/:siteId/groups',
    allowed: siteAdmins,
    request: (_w, _k, n) => ({ url: '/veil/v1/sites/acme/groups', body: { name: `wm-group-${n}` } }),
  },
  {
    method: 'DELETE',
    route: '/veil/v1/sites/:siteId/groups/:groupId',
    allowed: siteAdmins,
    resets: true,
    request: (w) => ({ url: `/veil/v1/sites/acme/groups/${w.targets.developersGroupId}` }),
  },
  {
    method: 'PUT',
    route: '/veil/v1/sites/:siteId/groups/:groupId/members/:accountId',
    allowed: siteAdmins,
    request: (w) => ({
      url: `/veil/v1/sites/acme/groups/${w.targets.developersGroupId}/members/${people.unmanagedPerson.accountId}`,
    }),
  },
  {
    method: 'DELETE',
    route: '/veil/v1/sites/:siteId/groups/:groupId/members/:accountId',
    allowed: siteAdmins,
    resets: true,
    request: (w) => ({ url: `/veil/v1/sites/acme/groups/${w.targets.developersGroupId}/members/${mia}` }),
  },
  {
    method: 'POST',
    route: '/veil/v1/sites/:siteId/projects',
    allowed: siteAdmins,
    request: (_w, _k, n) => ({
      url: '/veil/v1/sites/acme/projects',
      body: { key: `W${n}`, name: `Project ${n}` },
    }),
  },
  {
    method: 'POST',
    route: '/veil/v1/sites/:siteId/apps',
    allowed: siteAdmins,
    request: () => ({
      url: '/veil/v1/sites/acme/apps',
      body: { descriptorUrl: 'http://127.0.0.1:1/atlassian-connect.json' },
    }),
  },
  {
    method: 'PATCH',
    route: '/veil/v1/sites/:siteId/apps/:appKey',
    allowed: siteAdmins,
    resets: true,
    request: (w) => ({ url: `/veil/v1/sites/acme/apps/${w.appKeys.READ}`, body: { enabled: false } }),
  },
  {
    method: 'DELETE',
    route: '/veil/v1/sites/:siteId/apps/:appKey',
    allowed: siteAdmins,
    resets: true,
    request: (w) => ({ url: `/veil/v1/sites/acme/apps/${w.appKeys.READ}` }),
  },
  {
    method: 'PUT',
    route: '/veil/v1/apps/:appKey/email-api',
    allowed: siteAdmins,
    request: (w) => ({
      url: `/veil/v1/apps/${w.appKeys.ACCESS_EMAIL_ADDRESSES}/email-api`,
      body: { useCases: ['matrix'] },
    }),
  },
  {
    method: 'POST',
    route: '/veil/v1/apps/:appKey/email-api/decision',
    allowed: platform,
    resets: true,
    request: (w) => ({
      url: `/veil/v1/apps/${w.appKeys.ACCESS_EMAIL_ADDRESSES}/email-api/decision`,
      body: { status: 'rejected' },
    }),
  },
  {
    method: 'POST',
    route: '/veil/v1/clock/advance',
    allowed: platform,
    resets: true,
    request: () => ({ url: '/veil/v1/clock/advance', body: { duration: 'PT1S' } }),
  },
];

/** Operations the tracker has dropped: 410 for everyone. */
const goneRules: WriteRule[] = ['2', '3'].flatMap((version) =>
  (
    [
      ['POST', '/user/application'],
      ['DELETE', '/user/application'],
      ['PUT', '/user/password'],
      ['PUT', '/myself'],
      ['PUT', '/myself/password'],
    ] as const
  ).map(([method, path]) => ({
    method,
    route: `/rest/api/${version}${path}`,
    allowed: [],
    refusals: [410],
    request: () => ({ url: `/rest/api/${version}${path}`, body: {} }),
  })),
);

/** The tracker's user and group administration, for the site's admins (people, never apps). */
const trackerAdminRules: WriteRule[] = ['2', '3'].flatMap((version): WriteRule[] => [
  {
    method: 'POST',
    route: `/rest/api/${version}/user`,
    allowed: siteAdmins,
    request: (_w, _k, n) => ({
      url: `/rest/api/${version}/user`,
      body: { emailAddress: `hired-${n}@example.org`, products: ['jira-software'] },
    }),
  },
  {
    method: 'DELETE',
    route: `/rest/api/${version}/user`,
    allowed: siteAdmins,
    resets: true,
    request: () => ({ url: `/rest/api/${version}/user?accountId=${mia}` }),
  },
  {
    method: 'POST',
    route: `/rest/api/${version}/group`,
    allowed: siteAdmins,
    request: (_w, _k, n) => ({ url: `/rest/api/${version}/group`, body: { name: `wm-tracker-group-${n}` } }),
  },
  {
    method: 'DELETE',
    route: `/rest/api/${version}/group`,
    allowed: siteAdmins,
    resets: true,
    request: () => ({ url: `/rest/api/${version}/group?groupname=developers` }),
  },
  {
    method: 'POST',
    route: `/rest/api/${version}/group/user`,
    allowed: siteAdmins,
    request: () => ({
      url: `/rest/api/${version}/group/user?groupname=developers`,
      body: { accountId: people.unmanagedPerson.accountId },
    }),
  },
  {
    method: 'DELETE',
    route: `/rest/api/${version}/group/user`,
    allowed: siteAdmins,
    resets: true,
    request: () => ({ url: `/rest/api/${version}/group/user?groupname=developers&accountId=${mia}` }),
  },
]);

/** Deactivation through the tracker: for the site only, by its admins (and apps acting for them with WRITE). */
const deactivationRules: WriteRule[] = [
  {
    method: 'PUT',
    route: '/rest/api/2/user',
    allowed: [...siteAdmins, ...actingFor('siteAdmin', 'platformAdmin')],
    resets: true,
    request: () => ({ url: `/rest/api/2/user?accountId=${mia}`, body: { active: false } }),
    afterAllowed: miaStillActiveGlobally,
  },
  {
    method: 'PUT',
    route: '/rest/api/2/user',
    variant: 'on globex, which Mia also uses (its admin is otherSiteAdmin)',
    allowed: ['otherSiteAdmin', 'platformAdmin'],
    resets: true,
    request: () => ({
      url: `/rest/api/2/user?accountId=${mia}`,
      body: { active: false },
      host: 'globex.localhost',
    }),
    afterAllowed: miaStillActiveGlobally,
  },
];

/** Product API operations that sign in, sign out or only read (with a POST). */
const productRules: WriteRule[] = [
  {
    method: 'POST',
    route: '/rest/auth/1/session',
    allowed: anyoneButApps,
    request: (_w, kind) => ({
      url: '/rest/auth/1/session',
      body: { username: credentialsOf(kind).email, password: credentialsOf(kind).token },
    }),
  },
  {
    method: 'DELETE',
    route: '/rest/auth/1/session',
    allowed: allPeople,
    request: () => ({ url: '/rest/auth/1/session' }),
  },
  {
    method: 'POST',
    route: '/wiki/api/v2/users-bulk',
    allowed: [...acmeMembers, ...readingApps, ...allActing],
    request: () => ({ url: '/wiki/api/v2/users-bulk', body: { accountIds: [mia] } }),
  },
  {
    method: 'POST',
    route: '/rest/api/3/jql/pdcleaner',
    allowed: [...allPeople, ...readingApps, ...allActing],
    request: () => ({ url: '/rest/api/3/jql/pdcleaner', body: { queryStrings: ['assignee = mia'] } }),
  },
  {
    method: 'POST',
    route: '/rest/api/3/jql/parse',
    allowed: [...allPeople, ...readingApps, ...allActing],
    request: () => ({
      url: '/rest/api/3/jql/parse?validation=strict',
      body: { queries: ['project = ACME'] },
    }),
  },
  {
    method: 'POST',
    route: '/oauth2/token',
    allowed: anyoneButApps,
    request: (w) => ({
      url: '/oauth2/token',
      body: { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: w.assertionFor(mia) },
    }),
  },
];

/** What only apps call: webhooks (READ) and personal-data reporting (every app; bearer tokens at /app). */
const appRules: WriteRule[] = [
  ...['2', '3'].flatMap((version): WriteRule[] => [
    {
      method: 'POST',
      route: `/rest/api/${version}/webhook`,
      allowed: readingApps,
      request: () => ({
        url: `/rest/api/${version}/webhook`,
        body: { url: '/wm-hooks', webhooks: [{ events: ['user_updated'] }] },
      }),
    },
    {
      method: 'DELETE',
      route: `/rest/api/${version}/webhook`,
      allowed: readingApps,
      request: (w) => ({ url: `/rest/api/${version}/webhook`, body: { webhookIds: [w.targets.webhookId] } }),
    },
    {
      method: 'PUT',
      route: `/rest/api/${version}/webhook/refresh`,
      allowed: readingApps,
      request: (w) => ({
        url: `/rest/api/${version}/webhook/refresh`,
        body: { webhookIds: [w.targets.webhookId] },
      }),
    },
  ]),
  {
    method: 'POST',
    route: '/rest/atlassian-connect/latest/report-accounts',
    allowed: allApps,
    request: () => ({
      url: '/rest/atlassian-connect/latest/report-accounts',
      body: { accounts: [{ accountId: mia, updatedAt: '2026-11-01T00:00:00.000Z' }] },
    }),
  },
  {
    method: 'POST',
    route: '/app/report-accounts',
    allowed: allActing,
    request: () => ({
      url: '/app/report-accounts',
      body: { accounts: [{ accountId: mia, updatedAt: '2026-11-01T00:00:00.000Z' }] },
    }),
  },
];

/** The plugin manager, for the admins of the site the host names, with the UPM token given to them. */
const upmRules: WriteRule[] = ['/rest/plugins/1.0', '/wiki/rest/plugins/1.0'].flatMap((root): WriteRule[] => {
  const upmToken = (w: WriteWorld, kind: CallerKind) =>
    kind === 'platformAdmin' ? w.upmTokens.platformAdmin : w.upmTokens.siteAdmin;
  return [
    {
      method: 'POST',
      route: `${root}/`,
      allowed: siteAdmins,
      request: (w, kind) => ({
        url: `${root}/?token=${q(upmToken(w, kind))}`,
        body: { pluginUri: 'http://127.0.0.1:1/atlassian-connect.json' },
      }),
    },
    {
      method: 'PUT',
      route: `${root}/:pluginKey`,
      allowed: siteAdmins,
      resets: true,
      request: (w) => ({ url: `${root}/${w.appKeys.READ}-key`, body: { enabled: false } }),
    },
    {
      method: 'DELETE',
      route: `${root}/:pluginKey`,
      allowed: siteAdmins,
      resets: true,
      request: (w) => ({ url: `${root}/${w.appKeys.READ}-key` }),
    },
  ];
});

/** The whole table. */
export const writeRules: readonly WriteRule[] = [
  ...managementRules,
  ...goneRules,
  ...trackerAdminRules,
  ...deactivationRules,
  ...productRules,
  ...appRules,
  ...upmRules,
];

/** `METHOD /route` with parameters and trailing slashes written one way, to compare with Veil's routes. */
export function routeKey(method: string, route: string): string {
  const path = route.replace(/\{([^}]+)\}/g, ':$1').replace(/\/+$/, '');
  return `${method.toUpperCase()} ${path || '/'}`;
}
