/**
 * The rules of the filter operations (issue 15). The demo's first filter (10000) is Mia's (`self`),
 * shared with Noah (`unmanagedPerson`) and the developers group; its first share permission (10000)
 * names Noah. Tracker users and apps with WRITE create filters; only the owner changes one; the owner
 * and site admins give it a new owner; whoever sees it (and is signed in with the tracker) favours it.
 * The demo's first dashboard (10000) is Olivia's (`orgAdmin`), shared with the jira-users group: the
 * owner changes it, whoever sees it copies it.
 */
import { acmeMembers, actingFor, readingApps, type WriteRule } from './write-rules.shared.ts';
import type { CallerKind } from './write-world.ts';

const mia = '5f0c1a9e2b7d4c8e9a1b3c02';
const noah = '5f0c1a9e2b7d4c8e9a1b3c03';
const writingApps: CallerKind[] = readingApps.filter((kind) => kind !== 'app:READ');
const owner: CallerKind[] = ['self', ...actingFor('self')];
const admins: CallerKind[] = ['siteAdmin', 'platformAdmin', ...actingFor('siteAdmin', 'platformAdmin')];
/** Who sees filter 10000 with the right to write: the owner, Noah, and the site's admins. */
const viewers: CallerKind[] = [...owner, 'unmanagedPerson', ...admins];

export const filterRules: WriteRule[] = ['2', '3'].flatMap((version): WriteRule[] => {
  const filter = `/rest/api/${version}/filter/10000`;
  const route = `/rest/api/${version}/filter/:id`;
  return [
    {
      method: 'POST',
      route: `/rest/api/${version}/filter`,
      allowed: [
        ...acmeMembers,
        ...writingApps,
        ...actingFor('self', 'orgAdmin', 'siteAdmin', 'platformAdmin'),
      ],
      request: (_w, _k, n) => ({
        url: `/rest/api/${version}/filter`,
        body: {
          name: `Matrix ${n}`,
          jql: 'project = ACME',
          sharePermissions: [{ type: 'group', group: { name: 'developers' } }],
        },
      }),
    },
    {
      method: 'PUT',
      route,
      allowed: owner,
      request: (_w, _k, n) => ({ url: filter, body: { name: `Renamed ${n}` } }),
    },
    { method: 'DELETE', route, allowed: owner, resets: true, request: () => ({ url: filter }) },
    {
      method: 'PUT',
      route: `${route}/owner`,
      allowed: [...owner, ...admins],
      request: () => ({ url: `${filter}/owner`, body: { accountId: mia } }),
    },
    {
      method: 'PUT',
      route: `${route}/favourite`,
      allowed: viewers,
      request: () => ({ url: `${filter}/favourite` }),
    },
    {
      method: 'DELETE',
      route: `${route}/favourite`,
      allowed: viewers,
      request: () => ({ url: `${filter}/favourite` }),
    },
    {
      method: 'POST',
      route: `${route}/permission`,
      allowed: owner,
      request: () => ({ url: `${filter}/permission`, body: { type: 'user', accountId: noah } }),
    },
    {
      method: 'DELETE',
      route: `${route}/permission/:permissionId`,
      // Removing Noah's share changes who sees the filter: start over after it.
      allowed: owner,
      resets: true,
      request: () => ({ url: `${filter}/permission/10000` }),
    },
  ];
});

/** Who sees dashboard 10000: the members of jira-users on acme, its owner and the site's admins. */
const boardViewers: CallerKind[] = [
  'self',
  'sameOrgMember',
  'unmanagedPerson',
  'orgAdmin',
  'otherSiteAdmin',
  ...admins,
  ...actingFor('self', 'orgAdmin'),
];
const boardOwner: CallerKind[] = ['orgAdmin', ...actingFor('orgAdmin')];

export const dashboardRules: WriteRule[] = ['2', '3'].flatMap((version): WriteRule[] => {
  const board = `/rest/api/${version}/dashboard/10000`;
  const route = `/rest/api/${version}/dashboard/:id`;
  const body = (name: string) => ({ name, sharePermissions: [], editPermissions: [] });
  return [
    {
      method: 'POST',
      route: `/rest/api/${version}/dashboard`,
      allowed: [
        ...acmeMembers,
        ...writingApps,
        ...actingFor('self', 'orgAdmin', 'siteAdmin', 'platformAdmin'),
      ],
      request: (_w, _k, n) => ({ url: `/rest/api/${version}/dashboard`, body: body(`Matrix ${n}`) }),
    },
    {
      method: 'PUT',
      route,
      allowed: boardOwner,
      request: (_w, _k, n) => ({ url: board, body: body(`Renamed ${n}`) }),
    },
    { method: 'DELETE', route, allowed: boardOwner, resets: true, request: () => ({ url: board }) },
    {
      method: 'POST',
      route: `${route}/copy`,
      allowed: boardViewers,
      request: (_w, _k, n) => ({ url: `${board}/copy`, body: body(`Copy ${n}`) }),
    },
  ];
});
