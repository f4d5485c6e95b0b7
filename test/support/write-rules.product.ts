/** The rules of the tracker, wiki, plugin manager, webhook, reporting and OAuth operations. */
import {
  acmeMembers,
  actingFor,
  allActing,
  allApps,
  allPeople,
  anyoneButApps,
  mia,
  miaStillActiveGlobally,
  q,
  readingApps,
  sessionRules,
  siteAdmins,
  type WriteRule,
} from './write-rules.shared.ts';
import { type CallerKind, people, type WriteWorld } from './write-world.ts';

/** Operations the tracker has dropped: 410 for everyone. */
export const goneRules: WriteRule[] = ['2', '3'].flatMap((version) =>
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
export const trackerAdminRules: WriteRule[] = ['2', '3'].flatMap((version): WriteRule[] => [
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

/** The wiki's group administration, for the site's admins (people, never apps). */
export const wikiGroupRules: WriteRule[] = [
  {
    method: 'POST',
    route: '/wiki/rest/api/group',
    allowed: siteAdmins,
    request: (_w, _k, n) => ({ url: '/wiki/rest/api/group', body: { name: `wm-wiki-group-${n}` } }),
  },
  ...(
    [
      ['/wiki/rest/api/group', () => 'name=developers'],
      ['/wiki/rest/api/group/by-id', (w: WriteWorld) => `id=${w.targets.developersGroupId}`],
    ] as const
  ).map(
    ([route, query]): WriteRule => ({
      method: 'DELETE',
      route,
      allowed: siteAdmins,
      resets: true,
      request: (w) => ({ url: `${route}?${query(w)}` }),
    }),
  ),
  ...(
    [
      ['/wiki/rest/api/group/user', () => 'name=developers'],
      ['/wiki/rest/api/group/userByGroupId', (w: WriteWorld) => `groupId=${w.targets.developersGroupId}`],
    ] as const
  ).flatMap(([route, query]): WriteRule[] => [
    {
      method: 'POST',
      route,
      allowed: siteAdmins,
      request: (w) => ({
        url: `${route}?${query(w)}`,
        body: { accountId: people.unmanagedPerson.accountId },
      }),
    },
    {
      method: 'DELETE',
      route,
      allowed: siteAdmins,
      resets: true,
      request: (w) => ({ url: `${route}?${query(w)}&accountId=${mia}` }),
    },
  ]),
];

/**
 * Deactivation through the tracker: for the site only by its admins; everywhere by a platform admin or
 * the admin of the organization that manages the account (and by apps acting for any of them).
 */
export const deactivationRules: WriteRule[] = [
  {
    method: 'PUT',
    route: '/rest/api/2/user',
    allowed: [...siteAdmins, 'orgAdmin', ...actingFor('siteAdmin', 'platformAdmin', 'orgAdmin')],
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
export const productRules: WriteRule[] = [
  ...sessionRules(
    { route: '/rest/auth/1/session', body: ({ email, token }) => ({ username: email, password: token }) },
    { route: '/rest/auth/1/session', allowed: allPeople },
  ),
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
  ...['2', '3'].map(
    (version): WriteRule => ({
      method: 'POST',
      route: `/rest/api/${version}/jql/autocompletedata`,
      allowed: [...allPeople, ...readingApps, ...allActing],
      request: () => ({ url: `/rest/api/${version}/jql/autocompletedata`, body: { projectIds: [10000] } }),
    }),
  ),
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
export const appRules: WriteRule[] = [
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
export const upmRules: WriteRule[] = ['/rest/plugins/1.0', '/wiki/rest/plugins/1.0'].flatMap(
  (root): WriteRule[] => {
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
  },
);
