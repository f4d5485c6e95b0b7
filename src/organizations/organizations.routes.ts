import { Type } from 'typebox';
import type { Account } from '../accounts/accounts.model.ts';
import { renderAccountView, renderVisibilityMap } from '../accounts/accounts.representation.ts';
import { registerAdminRoutes } from '../auth/admin-routes.ts';
import { requireOrganizationAdmin, requirePerson, requirePlatformAdmin } from '../auth/caller.ts';
import type { StoreDeps } from '../db/schema.ts';
import { baseUrlOf } from '../http/base-url.ts';
import { veilErrors } from '../http/contracts.ts';
import type { VeilApp } from '../http/server.ts';
import type { Viewer } from '../visibility/visibility.ts';
import { removeDomainAnnounced, verifyDomainAnnounced } from './domain-changes.service.ts';
import { changeManagedVisibility } from './managed-accounts.service.ts';
import {
  DomainParams,
  DomainPreview,
  ManagedAccountView,
  ManagedVisibilityBody,
  MemberParams,
  NewOrganizationBody,
  OrganizationParams,
  OrganizationView,
} from './organizations.schemas.ts';
import {
  appointOrganizationAdmin,
  createOrganization,
  getOrganization,
  listManagedAccounts,
  listOrganizations,
  normalizeDomain,
  previewDomain,
  removeOrganizationAdmin,
} from './organizations.service.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export type Deps = StoreDeps;

const tags = ['organizations'];

/** Organizations, their verified domains and admins, and the accounts they manage. */
export function registerOrganizationRoutes(app: VeilApp, deps: Deps) {
  registerOrganizationCollection(app, deps);
  registerOrganizationRead(app, deps);
  registerDomainPreview(app, deps);
  registerDomainRoutes(app, deps);
  registerOrganizationAdminRoutes(app, deps);
  registerManagedAccountList(app, deps);
  registerManagedVisibility(app, deps);
}

function registerOrganizationCollection(app: VeilApp, { db, clock }: Deps) {
  app.get(
    '/veil/v1/organizations',
    {
      schema: {
        tags,
        summary: 'Organizations you administer (all, for platform admins)',
        response: { 200: Type.Array(OrganizationView), ...veilErrors },
      },
    },
    async (request) => {
      const caller = requirePerson(request.caller);
      const all = await listOrganizations(db);
      return caller.isPlatformAdmin
        ? all
        : all.filter((o) => caller.administeredOrganizationIds.includes(o.id));
    },
  );

  app.post(
    '/veil/v1/organizations',
    {
      schema: {
        tags,
        summary: 'Create an organization',
        body: NewOrganizationBody,
        response: { 201: OrganizationView, ...veilErrors },
      },
    },
    async (request, reply) => {
      requirePlatformAdmin(request.caller);
      return reply.status(201).send(await createOrganization(db, clock, request.body));
    },
  );
}

function registerOrganizationRead(app: VeilApp, { db }: Deps) {
  app.get(
    '/veil/v1/organizations/:organizationId',
    {
      schema: {
        tags,
        summary: 'One organization',
        params: OrganizationParams,
        response: { 200: OrganizationView, ...veilErrors },
      },
    },
    async (request) => {
      requireOrganizationAdmin(request.caller, request.params.organizationId);
      return getOrganization(db, request.params.organizationId);
    },
  );
}

function registerDomainPreview(app: VeilApp, { db }: Deps) {
  app.get(
    '/veil/v1/organizations/:organizationId/domains/:domain/preview',
    {
      schema: {
        tags,
        summary: 'Which accounts verifying this domain would make managed',
        params: DomainParams,
        response: { 200: DomainPreview, ...veilErrors },
      },
    },
    async (request) => {
      const caller = requireOrganizationAdmin(request.caller, request.params.organizationId);
      const { organizationId, domain } = request.params;
      const accounts = await previewDomain(db, organizationId, domain, caller);
      return {
        domain: normalizeDomain(domain),
        accounts: accounts.map((a) => renderAccountView(a, caller.viewer, baseUrlOf(request))),
      };
    },
  );
}

function registerDomainRoutes(app: VeilApp, { db, clock }: Deps) {
  const response = { 200: OrganizationView, ...veilErrors };
  app.put(
    '/veil/v1/organizations/:organizationId/domains/:domain',
    { schema: { tags, summary: 'Verify a domain', params: DomainParams, response } },
    async (request) => {
      const caller = requirePlatformAdmin(request.caller);
      return verifyDomainAnnounced(db, clock, request.params, caller.account.accountId);
    },
  );

  app.delete(
    '/veil/v1/organizations/:organizationId/domains/:domain',
    { schema: { tags, summary: 'Remove a verified domain', params: DomainParams, response } },
    async (request) => {
      const caller = requirePlatformAdmin(request.caller);
      return removeDomainAnnounced(db, clock, request.params, caller.account.accountId);
    },
  );
}

function registerOrganizationAdminRoutes(app: VeilApp, { db }: Deps) {
  registerAdminRoutes(app, {
    url: '/veil/v1/organizations/:organizationId/admins/:accountId',
    tags,
    params: MemberParams,
    view: OrganizationView,
    summaries: { add: 'Make an account an admin of the organization', remove: 'Remove an admin' },
    authorize: (caller, { organizationId }) => requireOrganizationAdmin(caller, organizationId),
    add: ({ organizationId, accountId }) => appointOrganizationAdmin(db, organizationId, accountId),
    remove: ({ organizationId, accountId }) => removeOrganizationAdmin(db, organizationId, accountId),
  });
}

/** A managed account as its organization's admins see it: the account, and its settings and locks. */
function renderManagedAccount(account: Account, viewer: Viewer, baseUrl: string) {
  return { account: renderAccountView(account, viewer, baseUrl), visibility: renderVisibilityMap(account) };
}

function registerManagedAccountList(app: VeilApp, { db }: Deps) {
  app.get(
    '/veil/v1/organizations/:organizationId/accounts',
    {
      schema: {
        tags,
        summary: 'The accounts the organization manages, with their visibility settings and locks',
        params: OrganizationParams,
        response: { 200: Type.Array(ManagedAccountView), ...veilErrors },
      },
    },
    async (request) => {
      const caller = requireOrganizationAdmin(request.caller, request.params.organizationId);
      const accounts = await listManagedAccounts(db, request.params.organizationId);
      return accounts.map((account) => renderManagedAccount(account, caller.viewer, baseUrlOf(request)));
    },
  );
}

function registerManagedVisibility(app: VeilApp, { db, clock }: Deps) {
  app.put(
    '/veil/v1/organizations/:organizationId/accounts/:accountId/visibility',
    {
      schema: {
        tags,
        summary: 'Set, and lock or unlock, visibility settings of a managed account',
        params: MemberParams,
        body: ManagedVisibilityBody,
        response: { 200: ManagedAccountView, ...veilErrors },
      },
    },
    async (request) => {
      const caller = requireOrganizationAdmin(request.caller, request.params.organizationId);
      const actingAccountId = caller.account.accountId;
      const account = await changeManagedVisibility(db, clock, request.params, request.body, actingAccountId);
      return renderManagedAccount(account, caller.viewer, baseUrlOf(request));
    },
  );
}
