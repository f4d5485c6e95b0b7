/** The project role operations of the tracker, v2 and v3: the site's roles and each project's actors. */
import type { FastifyRequest } from 'fastify';
import { NoContent } from '../http/contracts.ts';
import type { VeilApp } from '../http/server.ts';
import { actorOf } from '../issues/issues.access.ts';
import { loadPeople } from '../issues/people.representation.ts';
import { trackerErrors } from '../user-api/tracker-user.schemas.ts';
import {
  type Deps,
  type ProjectsRequest,
  peopleContextOf,
  projectVersions,
  readProjectRequest,
  readProjectsRequest,
  type Version,
} from './project-request.ts';
import type { TrackerProject } from './projects.model.ts';
import { ProjectParams } from './projects.schemas.ts';
import { isActiveActor, renderRole, roleSelf } from './roles.representation.ts';
import {
  ActorDeleteQuery,
  ActorsMap,
  ProjectRoleActorsUpdateBean,
  ProjectRoleBean,
  ProjectRoleList,
  ProjectRoleUrls,
  RoleParams,
  RoleQuery,
} from './roles.schemas.ts';
import {
  addActors,
  getRole,
  listActors,
  listRoles,
  type RoleTarget,
  readCategorisedActors,
  removeActor,
  setActors,
} from './roles.service.ts';

export type { Deps } from './project-request.ts';

/** The role routes, v2 and v3. */
export function registerRoleRoutes(app: VeilApp, deps: Deps) {
  for (const version of projectVersions) {
    registerRoleReads(app, deps, version);
    registerActorWrites(app, deps, version);
    registerActorRemoval(app, deps, version);
  }
}

const schemaOf = (version: Version, summary: string) => ({ tags: [`tracker v${version}`], summary });
const roleRoute = (version: Version) => `/rest/api/${version}/project/:projectIdOrKey/role/:id`;
type RoleRequest = FastifyRequest<{ Params: { projectIdOrKey: string; id: number } }>;

/** The project and role the path names (404 for either unknown), after the access check. */
async function readRoleRequest(
  request: RoleRequest,
  deps: Deps,
  version: Version,
  access: 'browse' | 'administer',
) {
  const context = await readProjectRequest(request, deps, version, access);
  const role = await getRole(deps.db, context.site.id, request.params.id);
  return { context, target: { project: context.project, role } };
}

/** The role of the project with its actors, each person rendered for the request's audience. */
async function renderRoleOf(deps: Deps, context: ProjectsRequest, target: RoleTarget, activeOnly = false) {
  const actors = await listActors(deps.db, target.project, target.role);
  const people = await loadPeople(
    context.audience,
    actors.map((actor) => (actor.kind === 'user' ? actor.accountId : null)),
  );
  const shown = activeOnly ? actors.filter((actor) => isActiveActor(people, actor)) : actors;
  return renderRole(people, target.project, target.role, shown);
}

function registerRoleReads(app: VeilApp, deps: Deps, version: Version) {
  app.get(
    `/rest/api/${version}/role`,
    {
      schema: {
        ...schemaOf(version, 'Get all project roles'),
        response: { 200: ProjectRoleList, ...trackerErrors },
      },
    },
    async (request) => {
      const context = await readProjectsRequest(request, deps, version, 'administer');
      const people = await loadPeople(context.audience, []);
      return (await listRoles(deps.db, context.site.id)).map((role) => renderRole(people, null, role, null));
    },
  );
  app.get(
    `/rest/api/${version}/project/:projectIdOrKey/role`,
    {
      schema: {
        ...schemaOf(version, 'Get project roles for project'),
        params: ProjectParams,
        response: { 200: ProjectRoleUrls, ...trackerErrors },
      },
    },
    async (request) => {
      const context = await readProjectRequest(request, deps, version, 'browse');
      const people = await loadPeople(context.audience, []);
      const roles = await listRoles(deps.db, context.site.id);
      const project: TrackerProject = context.project;
      return Object.fromEntries(roles.map((role) => [role.name, roleSelf(people, project, role)]));
    },
  );
  app.get(
    roleRoute(version),
    {
      schema: {
        ...schemaOf(version, 'Get project role for project'),
        params: RoleParams,
        querystring: RoleQuery,
        response: { 200: ProjectRoleBean, ...trackerErrors },
      },
    },
    async (request) => {
      const { context, target } = await readRoleRequest(request, deps, version, 'browse');
      return renderRoleOf(deps, context, target, request.query.excludeInactiveUsers === true);
    },
  );
}

function registerActorWrites(app: VeilApp, deps: Deps, version: Version) {
  app.post(
    roleRoute(version),
    {
      schema: {
        ...schemaOf(version, 'Add actors to project role'),
        params: RoleParams,
        body: ActorsMap,
        response: { 200: ProjectRoleBean, ...trackerErrors },
      },
    },
    async (request) => {
      const { context, target } = await readRoleRequest(request, deps, version, 'administer');
      await addActors(
        deps.db,
        peopleContextOf(request, deps, context),
        target,
        request.body,
        auditedBy(deps, request),
      );
      return renderRoleOf(deps, context, target);
    },
  );
  app.put(
    roleRoute(version),
    {
      schema: {
        ...schemaOf(version, 'Set actors for project role'),
        params: RoleParams,
        body: ProjectRoleActorsUpdateBean,
        response: { 200: ProjectRoleBean, ...trackerErrors },
      },
    },
    async (request) => {
      const { context, target } = await readRoleRequest(request, deps, version, 'administer');
      const actors = readCategorisedActors(request.body.categorisedActors ?? {});
      await setActors(
        deps.db,
        peopleContextOf(request, deps, context),
        target,
        actors,
        auditedBy(deps, request),
      );
      return renderRoleOf(deps, context, target);
    },
  );
}

function registerActorRemoval(app: VeilApp, deps: Deps, version: Version) {
  app.delete(
    roleRoute(version),
    {
      schema: {
        ...schemaOf(version, 'Delete actors from project role'),
        params: RoleParams,
        querystring: ActorDeleteQuery,
        response: { 204: NoContent, ...trackerErrors },
      },
    },
    async (request, reply) => {
      const { target } = await readRoleRequest(request, deps, version, 'administer');
      const { user, group, groupId } = request.query;
      await removeActor(
        deps.db,
        target,
        {
          user: user ? [user] : undefined,
          group: group ? [group] : undefined,
          groupId: groupId ? [groupId] : undefined,
        },
        auditedBy(deps, request),
      );
      return reply.status(204).send(null);
    },
  );
}

/** Who makes the change (the person, or the app), for its audit record. */
function auditedBy(deps: Deps, request: FastifyRequest) {
  return { clock: deps.clock, actorId: actorOf(request.caller) };
}
