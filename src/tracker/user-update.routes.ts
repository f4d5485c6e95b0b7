import type { ProfileReadCounter } from '../access-log/profile-reads.ts';
import { administersAccount, requirePerson } from '../auth/caller.ts';
import type { StoreDeps } from '../db/schema.ts';
import type { Directory } from '../directory/directory.ts';
import { VeilError } from '../errors/veil-error.ts';
import { settlesEverywhere } from '../http/route-config.ts';
import type { VeilApp } from '../http/server.ts';
import { legacyRenderingOf, requireUserNamedInQuery } from '../user-api/legacy-request.ts';
import type { LegacyUsageRecorder } from '../user-api/legacy-usage.ts';
import { requireSiteAccess, requireSiteAccount } from '../user-api/request-context.ts';
import { renderTrackerUser } from '../user-api/tracker-user.representation.ts';
import { TrackerUser, trackerErrors } from '../user-api/tracker-user.schemas.ts';
import { UserQuery, UserUpdateBody } from './user-management.schemas.ts';
import { activeScopeOf, changeActive } from './user-status.service.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps extends StoreDeps {
  readonly directory: Directory;
  readonly legacyUsage: LegacyUsageRecorder;
  readonly profileReads: ProfileReadCounter;
}

/**
 * The `active` a user update asks for, or undefined when it names none. Only `active` may be sent;
 * `password` is ignored; anything else is refused, and so is deactivating yourself.
 */
function readRequestedActive(
  body: { active?: boolean } & Record<string, unknown>,
  accountId: string,
  callerId: string,
): boolean | undefined {
  const refused = Object.keys(body).filter((name) => name !== 'active' && name !== 'password');
  if (refused.length > 0) {
    throw new VeilError(
      'request.invalid',
      "Only the active status of a user can be changed. Names, email addresses and the rest of the profile belong to the person's account, and passwords are ignored.",
      refused.map((name) => ({ path: name, message: 'cannot be changed; only active can' })),
    );
  }
  if (body.active === false && accountId === callerId) {
    throw new VeilError('request.invalid', 'You cannot deactivate yourself', [
      { path: 'active', message: 'cannot be false for yourself' },
    ]);
  }
  return body.active;
}

/** `PUT /rest/api/2/user`: a site admin, or the account's own admins, change `active`. */
export function registerUpdateUser(app: VeilApp, deps: Deps) {
  const { db, clock, directory } = deps;
  app.put(
    '/rest/api/2/user',
    {
      config: settlesEverywhere,
      schema: {
        tags: ['tracker v2'],
        summary:
          "Update user: only active can change, on this site for its admins, everywhere for the account's own admins; passwords are ignored",
        querystring: UserQuery,
        body: UserUpdateBody,
        response: { 200: TrackerUser, ...trackerErrors },
      },
    },
    async (request) => {
      const site = await requireSiteAccess(request, directory);
      const caller = requirePerson(request.caller);
      const { entry, kind, identity } = await requireUserNamedInQuery(request, deps, site, caller.viewer);
      const { account } = entry;
      const { administeredSiteIds } = caller;
      const scope = activeScopeOf(
        { administersAccount: administersAccount(caller, account), administeredSiteIds },
        entry,
        site.id,
      );
      const active = readRequestedActive(request.body, account.accountId, caller.account.accountId);
      if (active !== undefined) {
        const change = { scope, siteId: site.id, account, active, actingAccountId: caller.account.accountId };
        if (await changeActive(db, clock, change)) await directory.sync();
      }
      const current = await requireSiteAccount(directory, site, account.accountId);
      const legacy = legacyRenderingOf(identity, kind);
      return renderTrackerUser(deps, current, caller.viewer, site, { version: '2', legacy });
    },
  );
}
