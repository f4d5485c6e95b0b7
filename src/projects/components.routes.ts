/** The component operations of the tracker, v2 and v3. */
import type { FastifyRequest } from 'fastify';
import { NoContent } from '../http/contracts.ts';
import type { VeilApp } from '../http/server.ts';
import { loadPeople } from '../issues/people.representation.ts';
import { pageOf, readPage } from '../user-api/paging.ts';
import { trackerErrors } from '../user-api/tracker-user.schemas.ts';
import {
  loadAssignable,
  peopleOfComponents,
  renderComponent,
  renderCountedComponent,
} from './components.representation.ts';
import {
  ComponentBody,
  ComponentDeleteQuery,
  ComponentParams,
  PageBeanComponentWithIssueCount,
  ProjectComponent,
  ProjectComponentPageQuery,
  ProjectComponentsQuery,
} from './components.schemas.ts';
import {
  createComponent,
  deleteComponent,
  getComponent,
  listComponents,
  updateComponent,
} from './components.service.ts';
import {
  type Deps,
  type ProjectsRequest,
  peopleContextOf,
  projectVersions,
  readProjectRequest,
  readProjectsRequest,
  type Version,
} from './project-request.ts';
import type { Component, TrackerProject } from './projects.model.ts';
import { ProjectParams } from './projects.schemas.ts';
import { getProject } from './projects.service.ts';

export type { Deps } from './project-request.ts';

/** The component routes, v2 and v3. */
export function registerComponentRoutes(app: VeilApp, deps: Deps) {
  for (const version of projectVersions) {
    registerComponentReads(app, deps, version);
    registerProjectComponents(app, deps, version);
    registerComponentWrites(app, deps, version);
    registerComponentEdits(app, deps, version);
  }
}

const schemaOf = (version: Version, summary: string) => ({ tags: [`tracker v${version}`], summary });

/** Renders components of one project for the request's audience, people loaded once. */
async function renderer(
  deps: Deps,
  context: ProjectsRequest,
  project: TrackerProject,
  components: Component[],
) {
  const named = peopleOfComponents(project, components);
  const people = await loadPeople(context.audience, named);
  const assignable = await loadAssignable(deps.directory, context.site, named);
  return { people, assignable };
}

async function renderOne(
  deps: Deps,
  context: ProjectsRequest,
  project: TrackerProject,
  component: Component,
) {
  const { people, assignable } = await renderer(deps, context, project, [component]);
  return renderComponent(people, project, component, assignable);
}

/** The component the path names, with its project (404 for either unknown). */
async function readComponentRequest(
  request: FastifyRequest<{ Params: { id: string } }>,
  deps: Deps,
  version: Version,
  access: 'browse' | 'administer',
) {
  const context = await readProjectsRequest(request, deps, version, access);
  const component = await getComponent(deps.db, context.site.id, request.params.id);
  const project = await getProject(deps.db, context.site.id, component.projectKey);
  return { context, component, project };
}

function registerComponentReads(app: VeilApp, deps: Deps, version: Version) {
  app.get(
    `/rest/api/${version}/component/:id`,
    {
      schema: {
        ...schemaOf(version, 'Get component'),
        params: ComponentParams,
        response: { 200: ProjectComponent, ...trackerErrors },
      },
    },
    async (request) => {
      const { context, component, project } = await readComponentRequest(request, deps, version, 'browse');
      return renderOne(deps, context, project, component);
    },
  );
}

function registerProjectComponents(app: VeilApp, deps: Deps, version: Version) {
  app.get(
    `/rest/api/${version}/project/:projectIdOrKey/components`,
    {
      schema: {
        ...schemaOf(version, 'Get project components'),
        params: ProjectParams,
        querystring: ProjectComponentsQuery,
        response: { 200: { type: 'array', items: ProjectComponent }, ...trackerErrors },
      },
    },
    async (request) => {
      const context = await readProjectRequest(request, deps, version, 'browse');
      const components = await listComponents(deps.db, context.project);
      const { people, assignable } = await renderer(deps, context, context.project, components);
      return components.map((component) => renderComponent(people, context.project, component, assignable));
    },
  );
  app.get(
    `/rest/api/${version}/project/:projectIdOrKey/component`,
    {
      schema: {
        ...schemaOf(version, 'Get project components paginated'),
        params: ProjectParams,
        querystring: ProjectComponentPageQuery,
        response: { 200: PageBeanComponentWithIssueCount, ...trackerErrors },
      },
    },
    async (request) => {
      const context = await readProjectRequest(request, deps, version, 'browse');
      const page = readPage(request.query, { maxResults: 50, cap: 100 });
      const text = request.query.query?.trim().toLowerCase() ?? '';
      const all = await listComponents(deps.db, context.project);
      const found = all.filter(
        (c) => c.name.toLowerCase().includes(text) || c.description.toLowerCase().includes(text),
      );
      if (request.query.orderBy?.startsWith('-')) found.reverse();
      const { people, assignable } = await renderer(deps, context, context.project, found);
      const self = `${context.site.baseUrl}${request.url}`;
      return pageOf(self, found, page, (c) => renderCountedComponent(people, context.project, c, assignable));
    },
  );
}

function registerComponentWrites(app: VeilApp, deps: Deps, version: Version) {
  app.post(
    `/rest/api/${version}/component`,
    {
      schema: {
        ...schemaOf(version, 'Create component'),
        body: ComponentBody,
        response: { 201: ProjectComponent, ...trackerErrors },
      },
    },
    async (request, reply) => {
      const context = await readProjectsRequest(request, deps, version, 'administer');
      const { project, component } = await createComponent(
        deps.db,
        peopleContextOf(request, deps, context),
        request.body,
      );
      return reply.status(201).send(await renderOne(deps, context, project, component));
    },
  );
}

function registerComponentEdits(app: VeilApp, deps: Deps, version: Version) {
  app.put(
    `/rest/api/${version}/component/:id`,
    {
      schema: {
        ...schemaOf(version, 'Update component'),
        params: ComponentParams,
        body: ComponentBody,
        response: { 200: ProjectComponent, ...trackerErrors },
      },
    },
    async (request) => {
      const { context, component, project } = await readComponentRequest(
        request,
        deps,
        version,
        'administer',
      );
      const people = peopleContextOf(request, deps, context);
      const updated = await updateComponent(deps.db, people, component, request.body);
      return renderOne(deps, context, project, updated);
    },
  );
  app.delete(
    `/rest/api/${version}/component/:id`,
    {
      schema: {
        ...schemaOf(version, 'Delete component'),
        params: ComponentParams,
        querystring: ComponentDeleteQuery,
        response: { 204: NoContent, ...trackerErrors },
      },
    },
    async (request, reply) => {
      const { component } = await readComponentRequest(request, deps, version, 'administer');
      await deleteComponent(deps.db, component);
      return reply.status(204).send(null);
    },
  );
}
