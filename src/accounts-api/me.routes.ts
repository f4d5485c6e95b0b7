import type { Static } from 'typebox';
import { accountToProfileSubject } from '../accounts/accounts.model.ts';
import { renderOwnProfile, renderVisibilityMap } from '../accounts/accounts.representation.ts';
import { MeView, ProfileChangesBody } from '../accounts/accounts.schemas.ts';
import { getAccount } from '../accounts/accounts.service.ts';
import { VisibilityChoicesBody } from '../accounts/profile.schemas.ts';
import { type PersonCaller, requirePerson } from '../auth/caller.ts';
import type { StoreDeps } from '../db/schema.ts';
import { baseUrlOf, trustedOriginOf } from '../http/base-url.ts';
import { veilErrors } from '../http/contracts.ts';
import type { VeilApp } from '../http/server.ts';
import { getOrganization } from '../organizations/organizations.service.ts';
import { findSiteIdsOfAccount } from '../sites/site-links.repository.ts';
import { getLink } from '../sites/site-links.service.ts';
import { decideProfileView } from '../visibility/visibility.ts';
import { findPendingEmailChange } from './email-changes.service.ts';
import { changeOwnProfile, changeOwnVisibility } from './me.service.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export type Deps = StoreDeps;

/** The signed-in person's own account, rendered through the decision with themself as the viewer. */
async function renderMe(
  { db, clock }: Deps,
  caller: PersonCaller,
  baseUrl: string,
): Promise<Static<typeof MeView>> {
  const account = await getAccount(db, caller.account.accountId);
  const pendingEmailChange = await findPendingEmailChange(db, clock, account.accountId);
  const view = decideProfileView(accountToProfileSubject(account), { ...caller.viewer });
  const organization = account.managingOrganizationId
    ? await getOrganization(db, account.managingOrganizationId)
    : null;
  const siteIds = await findSiteIdsOfAccount(db, account.accountId);
  const links = await Promise.all(
    siteIds.map((siteId) => getLink(db, siteId, account.accountId).then((link) => ({ siteId, link }))),
  );
  return {
    accountId: account.accountId,
    accountType: account.accountType,
    status: account.status,
    managedBy: organization ? { organizationId: organization.id, name: organization.name } : null,
    profile: renderOwnProfile(view, baseUrl),
    visibility: renderVisibilityMap(account),
    sites: links.map(({ siteId, link }) => ({
      siteId,
      products: [...link.products],
      groups: link.groups.map((g) => g.name),
    })),
    roles: {
      platformAdmin: caller.isPlatformAdmin,
      organizationAdmin: [...caller.administeredOrganizationIds],
      siteAdmin: [...caller.administeredSiteIds],
    },
    pendingEmailChange: pendingEmailChange
      ? { email: pendingEmailChange.email, expiresAt: pendingEmailChange.expiresAt.toISOString() }
      : null,
  };
}

const tags = ['me'];

/** `/veil/v1/me`: a person reads and changes their own profile and visibility. */
export function registerMeRoutes(app: VeilApp, deps: Deps) {
  registerMeRead(app, deps);
  registerOwnProfileChange(app, deps);
  registerOwnVisibilityChange(app, deps);
}

function registerMeRead(app: VeilApp, deps: Deps) {
  app.get(
    '/veil/v1/me',
    {
      // A person whose deletion waits can still see their account (and that it waits).
      config: { allowsPendingDeletion: true },
      schema: {
        tags,
        summary: 'Your own account, profile and visibility settings',
        response: { 200: MeView, ...veilErrors },
      },
    },
    async (request) => renderMe(deps, requirePerson(request.caller), baseUrlOf(request)),
  );
}

function registerOwnProfileChange(app: VeilApp, deps: Deps) {
  app.patch(
    '/veil/v1/me/profile',
    {
      schema: {
        tags,
        summary:
          'Change your profile; fields not sent are kept, null clears a field. A new email is mailed a link and changes once it is followed (202)',
        body: ProfileChangesBody,
        response: { 200: MeView, 202: MeView, ...veilErrors },
      },
    },
    async (request, reply) => {
      const caller = requirePerson(request.caller);
      // The link leads to Veil's own page, at the address the person reached Veil by if Veil knows it.
      const pagesOrigin = trustedOriginOf(request);
      const { accountId } = caller.account;
      const outcome = await changeOwnProfile(deps.db, deps.clock, accountId, request.body, pagesOrigin);
      const status = outcome === 'email-change-requested' ? 202 : 200;
      return reply.status(status).send(await renderMe(deps, caller, baseUrlOf(request)));
    },
  );
}

function registerOwnVisibilityChange(app: VeilApp, deps: Deps) {
  app.put(
    '/veil/v1/me/visibility',
    {
      schema: {
        tags,
        summary: 'Set the visibility of the fields sent; fields not sent keep theirs',
        body: VisibilityChoicesBody,
        response: { 200: MeView, ...veilErrors },
      },
    },
    async (request) => {
      const caller = requirePerson(request.caller);
      await changeOwnVisibility(deps.db, deps.clock, caller.account.accountId, request.body);
      return renderMe(deps, caller, baseUrlOf(request));
    },
  );
}
