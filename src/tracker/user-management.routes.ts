import { isVeilError, VeilError } from '../errors/veil-error.ts';
import { requireSiteAdmin } from '../http/caller.ts';
import { NoContent } from '../http/contracts.ts';
import type { Dependencies, VeilApp } from '../http/server.ts';
import {
  type IdentityContext,
  identityContextOf,
  legacyRenderingOf,
  requireNamedUser,
} from '../migration/legacy-request.ts';
import { registerGoneUserOperations } from './gone-operations.routes.ts';
import { requireSiteAccess, requireSiteAccount } from './tracker.context.ts';
import { NewUserDetails, UserQuery } from './user-management.schemas.ts';
import { linkOrCreateSiteUser, removeSiteUser } from './user-management.service.ts';
import { registerUpdateUser } from './user-update.routes.ts';
import { renderTrackerUser } from './users.representation.ts';
import { trackerVersions } from './users.routes.ts';
import { TrackerUser, trackerErrors } from './users.schemas.ts';

/** User management as the account model demands, and the operations that are gone (410). */
export function registerTrackerUserManagementRoutes(app: VeilApp, deps: Dependencies) {
  for (const version of trackerVersions) {
    registerCreateUser(app, deps, version);
    registerRemoveUser(app, deps, version);
    registerGoneUserOperations(app, version);
  }
  registerUpdateUser(app, deps);
}

/** The legacy identity a create call asks for: `name` and `key`, in the legacy stage only (ignored otherwise). */
function readNewLegacyIdentity(identity: IdentityContext, body: { name?: string; key?: string }) {
  if (!identity.legacy) return {};
  if (body.name || body.key) identity.noteLegacyUse(false);
  return { ...(body.name ? { username: body.name } : {}), ...(body.key ? { userKey: body.key } : {}) };
}

/** The tracker answers a create that cannot be done with 400 (its spec), not Veil's 409. */
function refuseTakenIdentity(error: unknown): never {
  if (isVeilError(error, 'migration.username_taken') || isVeilError(error, 'migration.user_key_taken')) {
    throw new VeilError('request.invalid', error.message, [
      { path: 'name', message: 'is in use on this site' },
    ]);
  }
  throw error;
}

function registerCreateUser(app: VeilApp, deps: Dependencies, version: '2' | '3') {
  const { db, clock, directory } = deps;
  app.post(
    `/rest/api/${version}/user`,
    {
      schema: {
        tags: [`tracker v${version}`],
        summary: 'Create user: links the account with this email to the site, or creates one',
        body: NewUserDetails,
        response: { 201: TrackerUser, ...trackerErrors },
      },
    },
    async (request, reply) => {
      const site = requireSiteAccess(request, directory);
      const caller = requireSiteAdmin(request.caller, site.id);
      const { emailAddress, products, displayName } = request.body;
      const identity = identityContextOf(request, deps);
      const user = {
        emailAddress,
        products,
        displayName,
        legacy: readNewLegacyIdentity(identity, request.body),
      };
      const accountId = await linkOrCreateSiteUser(db, clock, site, user, caller.account.accountId).catch(
        refuseTakenIdentity,
      );
      await directory.sync();
      const entry = requireSiteAccount(directory, site, accountId);
      const rendering = { version, legacy: legacyRenderingOf(identity) };
      return reply.status(201).send(renderTrackerUser(directory, entry, caller.viewer, site, rendering));
    },
  );
}

function registerRemoveUser(app: VeilApp, deps: Dependencies, version: '2' | '3') {
  const { db, clock, directory } = deps;
  app.delete(
    `/rest/api/${version}/user`,
    {
      schema: {
        tags: [`tracker v${version}`],
        summary: 'Remove user: unlinks the account from the site and keeps it',
        querystring: UserQuery,
        response: { 204: NoContent, ...trackerErrors },
      },
    },
    async (request, reply) => {
      const site = requireSiteAccess(request, directory);
      const caller = requireSiteAdmin(request.caller, site.id);
      const identity = identityContextOf(request, deps);
      const { entry } = requireNamedUser(directory, site, caller.viewer, identity, request.query);
      await removeSiteUser(db, clock, site.id, entry.account, caller.account.accountId);
      return reply.status(204).send(null);
    },
  );
}
