/** The project operations of the tracker, v2 and v3: read, list, search, create, edit, delete. */
import { NoContent } from '../http/contracts.ts';
import type { VeilApp } from '../http/server.ts';
import { actorOf } from '../issues/issues.access.ts';
import type { People } from '../issues/people.representation.ts';
import { loadPeople } from '../issues/people.representation.ts';
import { pageOf, readPage } from '../user-api/paging.ts';
import { readExpand, readMultiValue } from '../user-api/params.ts';
import { trackerErrors } from '../user-api/tracker-user.schemas.ts';
import { loadAssignable, peopleOfComponents } from './components.representation.ts';
import { listComponents } from './components.service.ts';
import {
  type Deps,
  type ProjectsRequest,
  peopleContextOf,
  projectVersions,
  readProjectRequest,
  readProjectsRequest,
  type Version,
} from './project-request.ts';
import { searchProjects } from './project-search.ts';
import type { TrackerProject } from './projects.model.ts';
import { listIssueTypeRows } from './projects.repository.ts';
import { projectSelf, renderProject, renderProjectSummary } from './projects.representation.ts';
import {
  CreateProjectDetails,
  PageBeanProject,
  ProjectBean,
  ProjectDeleteQuery,
  ProjectIdentifiers,
  ProjectListQuery,
  ProjectParams,
  ProjectQuery,
  ProjectSearchQuery,
  UpdateProjectDetails,
} from './projects.schemas.ts';
import {
  createTrackerProject,
  deleteTrackerProject,
  listProjects,
  updateTrackerProject,
} from './projects.service.ts';
import { listRoles } from './roles.service.ts';

export type { Deps } from './project-request.ts';

/** The project routes, v2 and v3. */
export function registerProjectRoutes(app: VeilApp, deps: Deps) {
  for (const version of projectVersions) {
    registerGetProject(app, deps, version);
    registerListProjects(app, deps, version);
    registerCreateProject(app, deps, version);
    registerEditProject(app, deps, version);
    registerDeleteProject(app, deps, version);
  }
}

const schemaOf = (version: Version, summary: string) => ({ tags: [`tracker v${version}`], summary });

/** The whole project for the request's audience: its lead, components and roles, people loaded once. */
async function renderWholeProject(deps: Deps, context: ProjectsRequest, project: TrackerProject) {
  const [components, issueTypes, roles] = await Promise.all([
    listComponents(deps.db, project),
    listIssueTypeRows(deps.db, project.siteId),
    listRoles(deps.db, project.siteId),
  ]);
  const named = peopleOfComponents(project, components);
  const people = await loadPeople(context.audience, named);
  const assignable = await loadAssignable(deps.directory, context.site, named);
  return renderProject(people, project, { components, issueTypes, roles, assignable });
}

function registerGetProject(app: VeilApp, deps: Deps, version: Version) {
  app.get(
    `/rest/api/${version}/project/:projectIdOrKey`,
    {
      schema: {
        ...schemaOf(version, 'Get project'),
        params: ProjectParams,
        querystring: ProjectQuery,
        response: { 200: ProjectBean, ...trackerErrors },
      },
    },
    async (request) => {
      const context = await readProjectRequest(request, deps, version, 'browse');
      return renderWholeProject(deps, context, context.project);
    },
  );
}

async function loadListPeople(
  context: ProjectsRequest,
  projects: readonly TrackerProject[],
  expand: Set<string>,
): Promise<People> {
  return loadPeople(context.audience, expand.has('lead') ? projects.map((project) => project.leadId) : []);
}

function registerListProjects(app: VeilApp, deps: Deps, version: Version) {
  app.get(
    `/rest/api/${version}/project`,
    {
      schema: {
        ...schemaOf(version, 'Get all projects'),
        querystring: ProjectListQuery,
        response: { 200: { type: 'array', items: ProjectBean }, ...trackerErrors },
      },
    },
    async (request) => {
      const context = await readProjectsRequest(request, deps, version, 'browse');
      const expand = readExpand(request.query.expand);
      const projects = await listProjects(deps.db, context.site.id);
      const people = await loadListPeople(context, projects, expand);
      return projects.map((project) => renderProjectSummary(people, project, expand));
    },
  );
  app.get(
    `/rest/api/${version}/project/search`,
    {
      schema: {
        ...schemaOf(version, 'Get projects paginated'),
        querystring: ProjectSearchQuery,
        response: { 200: PageBeanProject, ...trackerErrors },
      },
    },
    async (request) => {
      const context = await readProjectsRequest(request, deps, version, 'browse');
      const { query } = request;
      const page = readPage(query, { maxResults: 50, cap: 100 });
      const expand = readExpand(query.expand);
      const found = searchProjects(await listProjects(deps.db, context.site.id), {
        keys: readMultiValue(query.keys, 'keys'),
        ids: readMultiValue(query.id, 'id'),
        query: query.query,
        typeKeys: query.typeKey ? query.typeKey.split(',') : [],
        orderBy: query.orderBy,
      });
      const people = await loadListPeople(
        context,
        found.slice(page.startAt, page.startAt + page.maxResults),
        expand,
      );
      const self = `${context.site.baseUrl}${request.url}`;
      return pageOf(self, found, page, (project) => renderProjectSummary(people, project, expand));
    },
  );
}

function registerCreateProject(app: VeilApp, deps: Deps, version: Version) {
  app.post(
    `/rest/api/${version}/project`,
    {
      schema: {
        ...schemaOf(version, 'Create project'),
        body: CreateProjectDetails,
        response: { 201: ProjectIdentifiers, ...trackerErrors },
      },
    },
    async (request, reply) => {
      const context = await readProjectsRequest(request, deps, version, 'administer');
      const people = peopleContextOf(request, deps, context);
      const project = await createTrackerProject(deps, people, actorOf(request.caller), request.body);
      const self = projectSelf(context.audience, project);
      return reply.status(201).send({ self, id: Number(project.id), key: project.key });
    },
  );
}

function registerEditProject(app: VeilApp, deps: Deps, version: Version) {
  app.put(
    `/rest/api/${version}/project/:projectIdOrKey`,
    {
      schema: {
        ...schemaOf(version, 'Update project'),
        params: ProjectParams,
        querystring: ProjectQuery,
        body: UpdateProjectDetails,
        response: { 200: ProjectBean, ...trackerErrors },
      },
    },
    async (request) => {
      const context = await readProjectRequest(request, deps, version, 'administer');
      const people = peopleContextOf(request, deps, context);
      const project = await updateTrackerProject(
        deps,
        people,
        actorOf(request.caller),
        context.project,
        request.body,
      );
      return renderWholeProject(deps, context, project);
    },
  );
}

function registerDeleteProject(app: VeilApp, deps: Deps, version: Version) {
  app.delete(
    `/rest/api/${version}/project/:projectIdOrKey`,
    {
      schema: {
        ...schemaOf(version, 'Delete project'),
        params: ProjectParams,
        querystring: ProjectDeleteQuery,
        response: { 204: NoContent, ...trackerErrors },
      },
    },
    async (request, reply) => {
      const context = await readProjectRequest(request, deps, version, 'administer');
      await deleteTrackerProject(deps, actorOf(request.caller), context.project);
      return reply.status(204).send(null);
    },
  );
}
