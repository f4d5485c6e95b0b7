/** The rules of sites, their apps, the Email API and the clock: site admins and platform admins. */
import { mia, platform, siteAdmins, statusOf, type WriteRule } from './write-rules.shared.ts';
import { people } from './write-world.ts';

export const siteRules: WriteRule[] = [
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
    method: 'PUT',
    route: '/veil/v1/sites/:siteId/accounts/:accountId',
    variant: "closes Mia's link: that site only, whoever does it",
    allowed: siteAdmins,
    resets: true,
    request: () => ({ url: `/veil/v1/sites/acme/accounts/${mia}`, body: { active: false } }),
    async afterAllowed(world) {
      const status = await statusOf(world, mia);
      return status === 'active' ? undefined : `closing a site link made Mia's account ${status}`;
    },
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
    // A reinstall of the READ app (a new shared secret): the world starts over after it.
    resets: true,
    request: (w) => ({ url: '/veil/v1/sites/acme/apps', body: { descriptorUrl: w.apps.READ.descriptorUrl } }),
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
