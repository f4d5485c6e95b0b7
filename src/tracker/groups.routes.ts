import type { FastifyReply } from 'fastify';
import type { ProfileReadCounter } from '../access-log/profile-reads.ts';
import { requirePerson, requireSiteAdmin } from '../auth/caller.ts';
import type { StoreDeps } from '../db/schema.ts';
import type { Directory } from '../directory/directory.ts';
import { NoContent } from '../http/contracts.ts';
import type { VeilApp } from '../http/server.ts';
import * as audited from '../site-groups/group-admin.service.ts';
import { trackerVersions } from '../user-api/api-versions.ts';
import {
  checkLegacyParameters,
  identityContextOf,
  legacyRenderingOf,
  readNamedUser,
  resolveNamedUser,
} from '../user-api/legacy-request.ts';
import type { LegacyUsageRecorder } from '../user-api/legacy-usage.ts';
import { pageOf, readPage } from '../user-api/paging.ts';
import { readAccountIdParameter, readMultiValue } from '../user-api/params.ts';
import { requireSiteAccess } from '../user-api/request-context.ts';
import { renderTrackerUserDetails } from '../user-api/tracker-user.representation.ts';
import { trackerErrors } from '../user-api/tracker-user.schemas.ts';
import {
  memberAccountIdMissing,
  memberFinder,
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

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps extends StoreDeps {
  readonly directory: Directory;
  readonly legacyUsage: LegacyUsageRecorder;
  readonly profileReads: ProfileReadCounter;
}

type Version = (typeof trackerVersions)[number];

/** The tracker answers group and membership removals with 200 and an empty body (not `null`). */
function sendEmptyOk(reply: FastifyReply) {
  return reply.code(200).send();
}

/** Groups and group membership of the tracker (v2 and v3). */
export function registerTrackerGroupRoutes(app: VeilApp, deps: Deps) {
  for (const version of trackerVersions) {
    registerCreateGroup(app, deps, version);
    registerDeleteGroup(app, deps, version);
    registerAddMember(app, deps, version);
    registerRemoveMember(app, deps, version);
    registerMemberList(app, deps, version);
    registerGroupPicker(app, deps, version);
    registerGroupBulk(app, deps, version);
  }
}

/** `POST /group`, for site admins. */
function registerCreateGroup(app: VeilApp, deps: Deps, version: Version) {
  const { directory } = deps;
  app.post(
    `/rest/api/${version}/group`,
    {
      schema: {
        tags: [`tracker v${version}`],
        summary: 'Create group (site admins)',
        body: AddGroupBody,
        response: { 201: TrackerGroup, ...trackerErrors },
      },
    },
    async (request, reply) => {
      const site = await requireSiteAccess(request, directory);
      const caller = requireSiteAdmin(request.caller, site.id);
      const name = readNewGroupName(request.body.name);
      const group = await audited
        .createGroupAudited(audited.groupAdmin(deps, site.id, caller, 'tracker'), name)
        .catch(refuseTakenGroupName);
      const legacy = legacyRenderingOf(identityContextOf(request, deps));
      const rendered = await renderTrackerGroup(deps, site, group, caller.viewer, version, legacy);
      return reply.status(201).send(rendered);
    },
  );
}

/** `DELETE /group`, for site admins. */
function registerDeleteGroup(app: VeilApp, deps: Deps, version: Version) {
  const { directory } = deps;
  app.delete(
    `/rest/api/${version}/group`,
    {
      schema: {
        tags: [`tracker v${version}`],
        summary: 'Remove group (site admins); a swap group must exist',
        querystring: DeleteGroupQuery,
        response: { 200: NoContent, ...trackerErrors },
      },
    },
    async (request, reply) => {
      const site = await requireSiteAccess(request, directory);
      const caller = requireSiteAdmin(request.caller, site.id);
      const ref = requireGroupReference(request.query);
      const { swapGroup, swapGroupId } = request.query;
      const swap = readGroupReference(swapGroup, swapGroupId, { name: 'swapGroup', id: 'swapGroupId' });
      const swapPath = swapGroupId !== undefined ? 'swapGroupId' : 'swapGroup';
      await audited.deleteGroupAudited(
        audited.groupAdmin(deps, site.id, caller, 'tracker'),
        ref,
        swap && { ref: swap, path: swapPath },
      );
      return sendEmptyOk(reply);
    },
  );
}

/** `POST /group/user`, for site admins; members must be linked to the site. */
function registerAddMember(app: VeilApp, deps: Deps, version: Version) {
  const { directory } = deps;
  app.post(
    `/rest/api/${version}/group/user`,
    {
      schema: {
        tags: [`tracker v${version}`],
        summary: 'Add user to group (site admins)',
        querystring: GroupQuery,
        body: UpdateUserToGroupBody,
        response: { 201: TrackerGroup, ...trackerErrors },
      },
    },
    async (request, reply) => {
      const site = await requireSiteAccess(request, directory);
      const caller = requireSiteAdmin(request.caller, site.id);
      const ref = requireGroupReference(request.query);
      const identity = identityContextOf(request, deps);
      const named = readNamedUser(
        identity,
        { accountId: request.body.accountId, username: request.body.name },
        { username: 'name', key: 'key' },
      );
      const readAccountId = (raw: string | undefined) => readAccountIdParameter(raw, memberAccountIdMissing);
      const findMember = await memberFinder(
        resolveNamedUser(directory, site, caller.viewer, named, readAccountId),
      );
      const group = await audited.addGroupMemberAudited(
        audited.groupAdmin(deps, site.id, caller, 'tracker'),
        ref,
        findMember,
      );
      await directory.sync();
      const legacy = legacyRenderingOf(identity);
      const rendered = await renderTrackerGroup(deps, site, group, caller.viewer, version, legacy);
      return reply.status(201).send(rendered);
    },
  );
}

/** `DELETE /group/user`, for site admins. */
function registerRemoveMember(app: VeilApp, deps: Deps, version: Version) {
  const { directory } = deps;
  app.delete(
    `/rest/api/${version}/group/user`,
    {
      schema: {
        tags: [`tracker v${version}`],
        summary: 'Remove user from group (site admins)',
        querystring: RemoveGroupUserQuery,
        response: { 200: NoContent, ...trackerErrors },
      },
    },
    async (request, reply) => {
      const site = await requireSiteAccess(request, directory);
      const caller = requireSiteAdmin(request.caller, site.id);
      const named = readNamedUser(identityContextOf(request, deps), request.query);
      const ref = requireGroupReference(request.query);
      // The user is looked for once the group is found, so an unknown group is reported first.
      const findMember = await memberFinder(
        resolveNamedUser(directory, site, caller.viewer, named, readAccountIdParameter),
      );
      await audited.removeGroupMemberAudited(
        audited.groupAdmin(deps, site.id, caller, 'tracker'),
        ref,
        findMember,
      );
      return sendEmptyOk(reply);
    },
  );
}

/** `GET /group/member`: signed-in people with access to the site; anonymous callers are refused. */
function registerMemberList(app: VeilApp, deps: Deps, version: Version) {
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
      const site = await requireSiteAccess(request, directory);
      const { viewer } = requirePerson(request.caller);
      const page = readMemberPage(request.query);
      const group = findSiteGroup(site, requireGroupReference(request.query));
      const members = await listGroupMembers(directory, site, group.groupId, viewer, {
        includeInactive: request.query.includeInactiveUsers,
      });
      const legacy = legacyRenderingOf(identityContextOf(request, deps));
      return pageOf(`${site.baseUrl}${request.url}`, members, page, (entry) =>
        renderTrackerUserDetails(deps, entry, viewer, site, version, legacy),
      );
    },
  );
}

/** `GET /groups/picker`: anonymous callers get an empty list. */
function registerGroupPicker(app: VeilApp, deps: Deps, version: Version) {
  const { directory } = deps;
  app.get(
    `/rest/api/${version}/groups/picker`,
    {
      schema: {
        tags: [`tracker v${version}`],
        summary: 'Find groups (anonymous callers get an empty list)',
        querystring: GroupsPickerQuery,
        response: { 200: FoundGroups, ...trackerErrors },
      },
    },
    async (request) => {
      const site = await requireSiteAccess(request, directory);
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
}

/** `GET /group/bulk`, for signed-in people. */
function registerGroupBulk(app: VeilApp, { directory }: Deps, version: Version) {
  app.get(
    `/rest/api/${version}/group/bulk`,
    {
      schema: {
        tags: [`tracker v${version}`],
        summary: 'Bulk get groups',
        querystring: GroupBulkQuery,
        response: { 200: PageBeanGroupDetails, ...trackerErrors },
      },
    },
    async (request) => {
      const site = await requireSiteAccess(request, directory);
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
