/**
 * The wiki's group administration (v1), for the site's admins: create and delete groups (by name or by
 * id), add and remove members (by group name or id). The same groups as the tracker's: a site has one
 * set of groups, and a member must be linked to the site. Apps may not call these (app-scopes.ts).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { requireSiteAdmin } from '../auth/caller.ts';
import type { StoreDeps } from '../db/schema.ts';
import type { Directory } from '../directory/directory.ts';
import { NoContent } from '../http/contracts.ts';
import type { VeilApp } from '../http/server.ts';
import {
  addGroupMemberAudited,
  createGroupAudited,
  deleteGroupAudited,
  type GroupAdmin,
  groupAdmin,
  removeGroupMemberAudited,
} from '../site-groups/group-admin.service.ts';
import type { GroupReference } from '../site-groups/site-groups.model.ts';
import type { Site } from '../sites/sites.model.ts';
import { memberFinder, readNewGroupName, refuseTakenGroupName } from '../tracker/groups.params.ts';
import {
  identityContextOf,
  type NamedUserQuery,
  readNamedUser,
  resolveNamedUser,
} from '../user-api/legacy-request.ts';
import type { LegacyUsageRecorder } from '../user-api/legacy-usage.ts';
import { readAccountIdParameter } from '../user-api/params.ts';
import { renderWikiGroup } from '../user-api/wiki-user.representation.ts';
import { WikiGroup, wikiErrors } from '../user-api/wiki-user.schemas.ts';
import { requireWikiAccess } from './wiki.context.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps extends StoreDeps {
  readonly directory: Directory;
  readonly legacyUsage: LegacyUsageRecorder;
}

const tags = ['wiki v1'];
const base = '/wiki/rest/api/group';
const MemberBody = Type.Object({ accountId: Type.String() });
const UserLookup = {
  accountId: Type.Optional(Type.String()),
  username: Type.Optional(Type.String()),
  key: Type.Optional(Type.String()),
};

/** How each operation names its group: by `name` (the older form) or by `groupId`/`id`. */
const byName = { param: 'name', reference: (value: string): GroupReference => ({ name: value }) };
const byId = (param: 'id' | 'groupId') => ({
  param,
  reference: (value: string): GroupReference => ({ groupId: value }),
});

/** The site, and the admin's group change through the wiki (audited as theirs), or 403. */
async function requireWikiAdmin(
  request: FastifyRequest,
  deps: Deps,
): Promise<{ site: Site; admin: GroupAdmin }> {
  const site = await requireWikiAccess(request, deps.directory);
  const person = requireSiteAdmin(request.caller, site.id);
  return { site, admin: groupAdmin(deps, site.id, person, 'wiki') };
}

/** The group writes of the wiki's v1 API. */
export function registerWikiGroupWriteRoutes(app: VeilApp, deps: Deps) {
  registerCreate(app, deps);
  for (const [path, naming] of [
    [base, byName],
    [`${base}/by-id`, byId('id')],
  ] as const) {
    registerDelete(app, deps, path, naming);
  }
  for (const [path, naming] of [
    [`${base}/user`, byName],
    [`${base}/userByGroupId`, byId('groupId')],
  ] as const) {
    registerAddMember(app, deps, path, naming);
    registerRemoveMember(app, deps, path, naming);
  }
}

function registerCreate(app: VeilApp, deps: Deps) {
  app.post(
    base,
    {
      schema: {
        tags,
        summary: 'Create a group (site admins)',
        body: Type.Object({ name: Type.String() }),
        response: { 201: WikiGroup, ...wikiErrors },
      },
    },
    async (request, reply) => {
      const { site, admin } = await requireWikiAdmin(request, deps);
      const name = readNewGroupName(request.body.name);
      const group = await createGroupAudited(admin, name).catch(refuseTakenGroupName);
      await deps.directory.sync();
      return reply.status(201).send(renderWikiGroup(site, group));
    },
  );
}

type Naming = typeof byName | ReturnType<typeof byId>;

function registerDelete(app: VeilApp, deps: Deps, path: string, naming: Naming) {
  app.delete(
    path,
    {
      schema: {
        tags,
        summary: `Delete a group by ${naming.param} (site admins)`,
        querystring: Type.Object({ [naming.param]: Type.String({ minLength: 1 }) }),
        response: { 204: NoContent, ...wikiErrors },
      },
    },
    async (request, reply) => {
      const { admin } = await requireWikiAdmin(request, deps);
      const value = (request.query as Record<string, string>)[naming.param] ?? '';
      await deleteGroupAudited(admin, naming.reference(value));
      return sendNoContent(deps, reply);
    },
  );
}

function registerAddMember(app: VeilApp, deps: Deps, path: string, naming: Naming) {
  app.post(
    path,
    {
      schema: {
        tags,
        summary: `Add a member to a group named by ${naming.param} (site admins)`,
        querystring: Type.Object({ [naming.param]: Type.String({ minLength: 1 }) }),
        body: MemberBody,
        response: { 201: NoContent, ...wikiErrors },
      },
    },
    async (request, reply) => {
      const { site, admin } = await requireWikiAdmin(request, deps);
      const value = (request.query as Record<string, string>)[naming.param] ?? '';
      const named = { accountId: request.body.accountId };
      const findMember = await findNamedMember(deps, request, site, named);
      await addGroupMemberAudited(admin, naming.reference(value), findMember);
      await deps.directory.sync();
      // Created, with no body (the spec documents none).
      return (reply as FastifyReply).status(201).send();
    },
  );
}

function registerRemoveMember(app: VeilApp, deps: Deps, path: string, naming: Naming) {
  app.delete(
    path,
    {
      schema: {
        tags,
        summary: `Remove a member from a group named by ${naming.param} (site admins)`,
        querystring: Type.Object({ [naming.param]: Type.String({ minLength: 1 }), ...UserLookup }),
        response: { 204: NoContent, ...wikiErrors },
      },
    },
    async (request, reply) => {
      const { site, admin } = await requireWikiAdmin(request, deps);
      const query = request.query as Record<string, string | undefined>;
      const findMember = await findNamedMember(deps, request, site, query);
      await removeGroupMemberAudited(admin, naming.reference(query[naming.param] ?? ''), findMember);
      return sendNoContent(deps, reply);
    },
  );
}

/** The member a request names (by accountId; username or key only in the legacy stage), looked up now. */
function findNamedMember(deps: Deps, request: FastifyRequest, site: Site, query: NamedUserQuery) {
  const named = readNamedUser(identityContextOf(request, deps), query);
  return memberFinder(
    resolveNamedUser(deps.directory, site, request.caller.viewer, named, readAccountIdParameter),
  );
}

async function sendNoContent(deps: Deps, reply: FastifyReply) {
  await deps.directory.sync();
  return reply.code(204).send(null);
}
