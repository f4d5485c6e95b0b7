/** The rules of Veil's own management API (`/veil/v1`): people only, never an app. */
import {
  allPeople,
  anyoneButApps,
  credentialsOf,
  mia,
  orgAdmins,
  platform,
  sessionRules,
  type WriteRule,
} from './write-rules.shared.ts';
import { extraIds, people } from './write-world.ts';

/** What a person does to their own account, sessions and tokens. */
export const personalRules: WriteRule[] = [
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
    method: 'POST',
    route: '/veil/v1/email-changes/confirm',
    variant: 'a link that was never sent (the token alone authorizes; no sign-in needed)',
    allowed: anyoneButApps,
    request: (_w, _k, n) => ({ url: '/veil/v1/email-changes/confirm', body: { token: `never-sent-${n}` } }),
  },
  {
    method: 'PUT',
    route: '/veil/v1/me/visibility',
    allowed: allPeople,
    request: () => ({ url: '/veil/v1/me/visibility', body: { location: 'organization' } }),
  },
  ...sessionRules(
    { route: '/veil/v1/sessions', body: ({ email, token }) => ({ email, apiToken: token }) },
    { route: '/veil/v1/sessions/current', allowed: anyoneButApps },
  ),
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
];

/** Accounts, platform admins and organizations: platform admins, and organization admins for theirs. */
export const accountRules: WriteRule[] = [
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
    method: 'PUT',
    route: '/veil/v1/accounts/:accountId/email',
    variant: "an address in the managing organization's verified domain",
    allowed: orgAdmins,
    resets: true,
    request: (_w, _k, n) => ({
      url: `/veil/v1/accounts/${mia}/email`,
      body: { email: `mia.moved-${n}@acme.test` },
    }),
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
    request: () => ({
      url: `/veil/v1/accounts/${extraIds.dora}/deletion`,
      body: { gracePeriod: 'P1D', confirm: extraIds.dora },
    }),
  },
  {
    method: 'DELETE',
    route: '/veil/v1/accounts/:accountId/deletion',
    allowed: orgAdmins,
    resets: true,
    request: () => ({ url: `/veil/v1/accounts/${extraIds.dora}/deletion` }),
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
];
