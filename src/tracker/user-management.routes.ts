import type { ProfileReadCounter } from '../access-log/profile-reads.ts';
import { requireSiteAdmin } from '../auth/caller.ts';
import type { StoreDeps } from '../db/schema.ts';
import type { Directory } from '../directory/directory.ts';
import { isVeilError, VeilError } from '../errors/veil-error.ts';
import { NoContent } from '../http/contracts.ts';
import type { VeilApp } from '../http/server.ts';
import { trackerVersions } from '../user-api/api-versions.ts';
import {
  type IdentityContext,
  identityContextOf,
  legacyRenderingOf,
  requireUserNamedInQuery,
} from '../user-api/legacy-request.ts';
import type { LegacyUsageRecorder } from '../user-api/legacy-usage.ts';
import { requireSiteAccess, requireSiteAccount } from '../user-api/request-context.ts';
import { renderTrackerUser } from '../user-api/tracker-user.representation.ts';
import { TrackerUser, trackerErrors } from '../user-api/tracker-user.schemas.ts';
import { registerGoneUserOperations } from './gone-operations.routes.ts';
import { NewUserDetails, UserQuery } from './user-management.schemas.ts';
import { linkOrCreateSiteUser, removeSiteUser } from './user-management.service.ts';
import { registerUpdateUser } from './user-update.routes.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps extends StoreDeps {
  readonly directory: Directory;
  readonly legacyUsage: LegacyUsageRecorder;
  readonly profileReads: ProfileReadCounter;
}

/** User management as the account model demands, and the operations that are gone (410). */
export function registerTrackerUserManagementRoutes(app: VeilApp, deps: Deps) {
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

function registerCreateUser(app: VeilApp, deps: Deps, version: '2' | '3') {
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
      const site = await requireSiteAccess(request, directory);
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
      const entry = await requireSiteAccount(directory, site, accountId);
      const rendering = { version, legacy: legacyRenderingOf(identity) };
      return reply.status(201).send(renderTrackerUser(deps, entry, caller.viewer, site, rendering));
    },
  );
}

function registerRemoveUser(app: VeilApp, deps: Deps, version: '2' | '3') {
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
      const site = await requireSiteAccess(request, directory);
      const caller = requireSiteAdmin(request.caller, site.id);
      const { entry } = await requireUserNamedInQuery(request, deps, site, caller.viewer);
      await removeSiteUser(db, clock, site.id, entry.account, caller.account.accountId);
      return reply.status(204).send(null);
    },
  );
}
