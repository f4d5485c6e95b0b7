/** `POST /filter`, `GET/PUT/DELETE /filter/{id}` and `PUT /filter/{id}/owner` of the tracker, v2 and v3. */
import { NoContent } from '../http/contracts.ts';
import type { VeilApp } from '../http/server.ts';
import { readExpand } from '../user-api/params.ts';
import { trackerErrors } from '../user-api/tracker-user.schemas.ts';
import { renderOneFilter } from './filter-render.ts';
import { type FilterDeps, filterVersions, readFilterRequest, type Version } from './filters.context.ts';
import { ChangeOwnerBody, Filter, FilterBody, FilterParams, FilterQuery } from './filters.schemas.ts';
import { changeFilterOwner, createFilter, deleteFilter, getFilter, updateFilter } from './filters.service.ts';

export type Deps = FilterDeps;

/** The filter routes, v2 and v3. */
export function registerFilterRoutes(app: VeilApp, deps: Deps) {
  for (const version of filterVersions) {
    registerCreate(app, deps, version);
    registerOne(app, deps, version);
    registerChanges(app, deps, version);
  }
}

function registerCreate(app: VeilApp, deps: Deps, version: Version) {
  app.post(
    `/rest/api/${version}/filter`,
    {
      schema: {
        tags: [`tracker v${version}`],
        summary: 'Create filter',
        querystring: FilterQuery,
        body: FilterBody,
        response: { 200: Filter, ...trackerErrors },
      },
    },
    async (request) => {
      const context = await readFilterRequest(request, deps, version, 'edit');
      const filter = await createFilter(deps, context, request.body);
      return renderOneFilter(deps, context, filter, readExpand(request.query.expand));
    },
  );
}

function registerOne(app: VeilApp, deps: Deps, version: Version) {
  app.get(
    `/rest/api/${version}/filter/:id`,
    {
      schema: {
        tags: [`tracker v${version}`],
        summary: 'Get filter',
        params: FilterParams,
        querystring: FilterQuery,
        response: { 200: Filter, ...trackerErrors },
      },
    },
    async (request) => {
      const context = await readFilterRequest(request, deps, version, 'browse');
      const filter = await getFilter(deps.db, context, request.params.id);
      return renderOneFilter(deps, context, filter, readExpand(request.query.expand));
    },
  );
  app.put(
    `/rest/api/${version}/filter/:id`,
    {
      schema: {
        tags: [`tracker v${version}`],
        summary: 'Update filter',
        params: FilterParams,
        querystring: FilterQuery,
        body: FilterBody,
        response: { 200: Filter, ...trackerErrors },
      },
    },
    async (request) => {
      const context = await readFilterRequest(request, deps, version, 'edit');
      const filter = await getFilter(deps.db, context, request.params.id);
      const updated = await updateFilter(deps, context, filter, request.body);
      return renderOneFilter(deps, context, updated, readExpand(request.query.expand));
    },
  );
}

function registerChanges(app: VeilApp, deps: Deps, version: Version) {
  app.delete(
    `/rest/api/${version}/filter/:id`,
    {
      schema: {
        tags: [`tracker v${version}`],
        summary: 'Delete filter',
        params: FilterParams,
        response: { 204: NoContent, ...trackerErrors },
      },
    },
    async (request, reply) => {
      const context = await readFilterRequest(request, deps, version, 'edit');
      await deleteFilter(deps, context, await getFilter(deps.db, context, request.params.id));
      return reply.status(204).send(null);
    },
  );
  app.put(
    `/rest/api/${version}/filter/:id/owner`,
    {
      schema: {
        tags: [`tracker v${version}`],
        summary: 'Change filter owner',
        params: FilterParams,
        body: ChangeOwnerBody,
        response: { 204: NoContent, ...trackerErrors },
      },
    },
    async (request, reply) => {
      const context = await readFilterRequest(request, deps, version, 'edit');
      const filter = await getFilter(deps.db, context, request.params.id);
      await changeFilterOwner(deps, context, filter, request.body.accountId);
      return reply.status(204).send(null);
    },
  );
}
