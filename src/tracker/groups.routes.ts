import type { FastifyReply } from 'fastify';
import { VeilError } from '../errors/veil-error.ts';
import { requirePerson, requireSiteAdmin } from '../http/caller.ts';
import { NoContent } from '../http/contracts.ts';
import type { Dependencies, VeilApp } from '../http/server.ts';
import {
  checkLegacyParameters,
  identityContextOf,
  legacyRenderingOf,
  readNamedUser,
  resolveNamedUser,
} from '../migration/legacy-request.ts';
import {
  addGroupMember,
  createGroup,
  deleteGroup,
  getGroup,
  removeGroupMember,
} from '../sites/sites.service.ts';
import { pageOf, readPage } from '../user-api/paging.ts';
import {
  readGroupNames,
  readGroupReference,
  readMemberPage,
  readNewGroupName,
  refuseTakenGroupName,
  requireGroupReference,
} from './groups.params.ts';
import {
  findSiteGroup,
  listGroupMembers,
  pickGroups,
  renderTrackerGroup,
  sortGroupsByName,
} from './groups.representation.ts';
import {
  AddGroupBody,
  DeleteGroupQuery,
  FoundGroups,
  GroupBulkQuery,
  GroupMemberQuery,
  GroupQuery,
  GroupsPickerQuery,
  PageBeanGroupDetails,
  PageBeanUserDetails,
  RemoveGroupUserQuery,
  TrackerGroup,
  UpdateUserToGroupBody,
} from './groups.schemas.ts';
import { requireSiteAccess } from './tracker.context.ts';
import { readAccountIdParameter, readMultiValue } from './tracker.params.ts';
import { renderTrackerUserDetails } from './users.representation.ts';
import { trackerVersions } from './users.routes.ts';
import { trackerErrors } from './users.schemas.ts';

type Version = (typeof trackerVersions)[number];

/** What `POST /group/user` says when its body names no one (`UpdateUserToGroupBean.accountId`). */
const memberAccountIdMissing = 'The accountId of the user to add needs to be provided';

/** The tracker answers group and membership removals with 200 and an empty body (not `null`). */
function sendEmptyOk(reply: FastifyReply) {
  return reply.code(200).send();
}

/** Groups and group membership of the tracker (v2 and v3). */
export function registerTrackerGroupRoutes(app: VeilApp, deps: Dependencies) {
  for (const version of trackerVersions) {
    registerGroupLifecycle(app, deps, version);
    registerMembershipChanges(app, deps, version);
    registerMemberList(app, deps, version);
    registerGroupLookups(app, deps, version);
  }
}

/** `POST /group` and `DELETE /group`, for site admins. */
function registerGroupLifecycle(app: VeilApp, deps: Dependencies, version: Version) {
  const { db, clock, directory } = deps;
  const tags = [`tracker v${version}`];

  app.post(
    `/rest/api/${version}/group`,
    {
      schema: {
        tags,
        summary: 'Create group (site admins)',
        body: AddGroupBody,
        response: { 201: TrackerGroup, ...trackerErrors },
      },
    },
    async (request, reply) => {
      const site = requireSiteAccess(request, directory);
      const caller = requireSiteAdmin(request.caller, site.id);
      const name = readNewGroupName(request.body.name);
      const group = await db
        .transaction()
        .execute((trx) => createGroup(trx, clock, site.id, name))
        .catch(refuseTakenGroupName);
      const legacy = legacyRenderingOf(identityContextOf(request, deps));
      return reply.status(201).send(renderTrackerGroup(deps, site, group, caller.viewer, version, legacy));
    },
  );

  app.delete(
    `/rest/api/${version}/group`,
    {
      schema: {
        tags,
        summary: 'Remove group (site admins); a swap group must exist',
        querystring: DeleteGroupQuery,
        response: { 200: NoContent, ...trackerErrors },
      },
    },
    async (request, reply) => {
      const site = requireSiteAccess(request, directory);
      requireSiteAdmin(request.caller, site.id);
      const ref = requireGroupReference(request.query);
      const { swapGroup, swapGroupId } = request.query;
      const swap = readGroupReference(swapGroup, swapGroupId, { name: 'swapGroup', id: 'swapGroupId' });
      await db.transaction().execute(async (trx) => {
        const group = await getGroup(trx, site.id, ref);
        // Veil keeps no group restrictions to transfer; the swap group is only checked.
        if (swap && (await getGroup(trx, site.id, swap)).groupId === group.groupId) {
          const path = swapGroupId !== undefined ? 'swapGroupId' : 'swapGroup';
          throw new VeilError('request.invalid', 'A group cannot be swapped for itself', [
            { path, message: 'is the group removed' },
          ]);
        }
        await deleteGroup(trx, site.id, group.groupId);
      });
      return sendEmptyOk(reply);
    },
  );
}

/** `POST /group/user` and `DELETE /group/user`, for site admins; members must be linked to the site. */
function registerMembershipChanges(app: VeilApp, deps: Dependencies, version: Version) {
  const { db, directory } = deps;
  const tags = [`tracker v${version}`];

  app.post(
    `/rest/api/${version}/group/user`,
    {
      schema: {
        tags,
        summary: 'Add user to group (site admins)',
        querystring: GroupQuery,
        body: UpdateUserToGroupBody,
        response: { 201: TrackerGroup, ...trackerErrors },
      },
    },
    async (request, reply) => {
      const site = requireSiteAccess(request, directory);
      const caller = requireSiteAdmin(request.caller, site.id);
      const ref = requireGroupReference(request.query);
      const identity = identityContextOf(request, deps);
      const named = readNamedUser(
        identity,
        { accountId: request.body.accountId, username: request.body.name },
        { username: 'name', key: 'key' },
      );
      const readAccountId = (raw: string | undefined) => readAccountIdParameter(raw, memberAccountIdMissing);
      const group = await db.transaction().execute(async (trx) => {
        const found = await getGroup(trx, site.id, ref);
        const member = resolveNamedUser(directory, site, caller.viewer, named, readAccountId);
        await addGroupMember(trx, site.id, found.groupId, member.account.accountId);
        return found;
      });
      await directory.sync();
      const legacy = legacyRenderingOf(identity);
      return reply.status(201).send(renderTrackerGroup(deps, site, group, caller.viewer, version, legacy));
    },
  );

  app.delete(
    `/rest/api/${version}/group/user`,
    {
      schema: {
        tags,
        summary: 'Remove user from group (site admins)',
        querystring: RemoveGroupUserQuery,
        response: { 200: NoContent, ...trackerErrors },
      },
    },
    async (request, reply) => {
      const site = requireSiteAccess(request, directory);
      const caller = requireSiteAdmin(request.caller, site.id);
      const named = readNamedUser(identityContextOf(request, deps), request.query);
      const ref = requireGroupReference(request.query);
      await db.transaction().execute(async (trx) => {
        const group = await getGroup(trx, site.id, ref);
        // The user is looked for once the group is found, so an unknown group is reported first.
        const member = resolveNamedUser(directory, site, caller.viewer, named, readAccountIdParameter);
        await removeGroupMember(trx, site.id, group.groupId, member.account.accountId);
      });
      return sendEmptyOk(reply);
    },
  );
}

/** `GET /group/member`: signed-in people with access to the site; anonymous callers are refused. */
function registerMemberList(app: VeilApp, deps: Dependencies, version: Version) {
  const { directory } = deps;
  app.get(
    `/rest/api/${version}/group/member`,
    {
      schema: {
        tags: [`tracker v${version}`],
        summary: 'Get users from group',
        querystring: GroupMemberQuery,
        response: { 200: PageBeanUserDetails, ...trackerErrors },
      },
    },
    async (request) => {
      const site = requireSiteAccess(request, directory);
      const { viewer } = requirePerson(request.caller);
      const page = readMemberPage(request.query);
      const group = findSiteGroup(site, requireGroupReference(request.query));
      const members = listGroupMembers(directory, site, group.groupId, viewer, {
        includeInactive: request.query.includeInactiveUsers,
      });
      const legacy = legacyRenderingOf(identityContextOf(request, deps));
      return pageOf(`${site.baseUrl}${request.url}`, members, page, (entry) =>
        renderTrackerUserDetails(deps, entry, viewer, site, version, legacy),
      );
    },
  );
}

/** `GET /groups/picker` (anonymous callers get an empty list) and `GET /group/bulk`. */
function registerGroupLookups(app: VeilApp, deps: Dependencies, version: Version) {
  const { directory } = deps;
  const tags = [`tracker v${version}`];

  app.get(
    `/rest/api/${version}/groups/picker`,
    {
      schema: {
        tags,
        summary: 'Find groups (anonymous callers get an empty list)',
        querystring: GroupsPickerQuery,
        response: { 200: FoundGroups, ...trackerErrors },
      },
    },
    async (request) => {
      const site = requireSiteAccess(request, directory);
      const { maxResults } = readPage(request.query, { maxResults: 20, cap: 100 });
      // userName is accepted and ignored in the legacy stage, as accountId is (the spec says so).
      checkLegacyParameters(identityContextOf(request, deps), { userName: request.query.userName });
      return pickGroups(request.caller.kind === 'person' ? site.groups : [], {
        query: request.query.query ?? '',
        caseInsensitive: request.query.caseInsensitive,
        excludeNames: readGroupNames(request.query.exclude, 'exclude', site),
        excludeIds: readMultiValue(request.query.excludeId, 'excludeId'),
        maxResults,
      });
    },
  );

  app.get(
    `/rest/api/${version}/group/bulk`,
    {
      schema: {
        tags,
        summary: 'Bulk get groups',
        querystring: GroupBulkQuery,
        response: { 200: PageBeanGroupDetails, ...trackerErrors },
      },
    },
    async (request) => {
      const site = requireSiteAccess(request, directory);
      requirePerson(request.caller);
      const page = readPage(request.query, { maxResults: 50, cap: 50 });
      const ids = new Set(readMultiValue(request.query.groupId, 'groupId'));
      const names = new Set(
        readGroupNames(request.query.groupName, 'groupName', site).map((name) => name.toLowerCase()),
      );
      const everything = ids.size === 0 && names.size === 0;
      const groups = sortGroupsByName(
        site.groups.filter((g) => everything || ids.has(g.groupId) || names.has(g.name.toLowerCase())),
      );
      return pageOf(`${site.baseUrl}${request.url}`, groups, page, (g) => ({
        name: g.name,
        groupId: g.groupId,
      }));
    },
  );
}
