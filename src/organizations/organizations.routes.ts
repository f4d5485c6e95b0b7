import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import { renderAccountView, renderVisibilityMap } from '../accounts/accounts.representation.ts';
import { getAccount } from '../accounts/accounts.service.ts';
import { setManagedVisibility } from '../accounts/visibility-settings.service.ts';
import { requireOrganizationAdmin, requirePerson, requirePlatformAdmin } from '../auth/caller.ts';
import type { Clock } from '../clock/clock.ts';
import type { Database } from '../db/schema.ts';
import { baseUrlOf } from '../http/base-url.ts';
import { NoContent, veilErrors } from '../http/contracts.ts';
import type { VeilApp } from '../http/server.ts';
import { queueUserEvent } from '../webhooks/webhooks.service.ts';
import { removeDomainAnnounced, verifyDomainAnnounced } from './domain-changes.service.ts';
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
  addOrganizationAdmin,
  createOrganization,
  getOrganization,
  listManagedAccounts,
  listOrganizations,
  normalizeDomain,
  previewDomain,
  removeOrganizationAdmin,
} from './organizations.service.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
}

/** Organizations, their verified domains and admins, and the accounts they manage. */
export function registerOrganizationRoutes(app: VeilApp, deps: Deps) {
  const tags = ['organizations'];
  const { db, clock } = deps;

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
      const organization = await db
        .transaction()
        .execute((trx) => createOrganization(trx, clock, request.body));
      return reply.status(201).send(organization);
    },
  );

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

  app.put(
    '/veil/v1/organizations/:organizationId/domains/:domain',
    {
      schema: {
        tags,
        summary: 'Verify a domain',
        params: DomainParams,
        response: { 200: OrganizationView, ...veilErrors },
      },
    },
    async (request) => {
      const caller = requirePlatformAdmin(request.caller);
      await verifyDomainAnnounced(db, clock, request.params, caller.account.accountId);
      return getOrganization(db, request.params.organizationId);
    },
  );

  app.delete(
    '/veil/v1/organizations/:organizationId/domains/:domain',
    {
      schema: {
        tags,
        summary: 'Remove a verified domain',
        params: DomainParams,
        response: { 200: OrganizationView, ...veilErrors },
      },
    },
    async (request) => {
      const caller = requirePlatformAdmin(request.caller);
      await removeDomainAnnounced(db, clock, request.params, caller.account.accountId);
      return getOrganization(db, request.params.organizationId);
    },
  );

  app.put(
    '/veil/v1/organizations/:organizationId/admins/:accountId',
    {
      schema: {
        tags,
        summary: 'Make an account an admin of the organization',
        params: MemberParams,
        response: { 200: OrganizationView, ...veilErrors },
      },
    },
    async (request) => {
      requireOrganizationAdmin(request.caller, request.params.organizationId);
      await addOrganizationAdmin(db, request.params.organizationId, request.params.accountId);
      return getOrganization(db, request.params.organizationId);
    },
  );

  app.delete(
    '/veil/v1/organizations/:organizationId/admins/:accountId',
    {
      schema: {
        tags,
        summary: 'Remove an admin',
        params: MemberParams,
        response: { 204: NoContent, ...veilErrors },
      },
    },
    async (request, reply) => {
      requireOrganizationAdmin(request.caller, request.params.organizationId);
      await removeOrganizationAdmin(db, request.params.organizationId, request.params.accountId);
      return reply.status(204).send(null);
    },
  );

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
      return accounts.map((account) => ({
        account: renderAccountView(account, caller.viewer, baseUrlOf(request)),
        visibility: renderVisibilityMap(account),
      }));
    },
  );

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
      const { organizationId, accountId } = request.params;
      const caller = requireOrganizationAdmin(request.caller, organizationId);
      await db.transaction().execute(async (trx) => {
        await setManagedVisibility(trx, await getAccount(trx, accountId), organizationId, request.body);
        await queueUserEvent(trx, clock, 'user_updated', accountId, {
          actingAccountId: caller.account.accountId,
        });
      });
      const account = await getAccount(db, accountId);
      return {
        account: renderAccountView(account, caller.viewer, baseUrlOf(request)),
        visibility: renderVisibilityMap(account),
      };
    },
  );
}
