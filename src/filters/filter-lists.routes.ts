/** `GET /filter/search`, `/filter/my`, `/filter/favourite` and `PUT/DELETE /filter/{id}/favourite`, v2 and v3. */
import type { FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { VeilError } from '../errors/veil-error.ts';
import type { VeilApp } from '../http/server.ts';
import { readPage, withStartAt } from '../user-api/paging.ts';
import { readExpand, readMultiValue } from '../user-api/params.ts';
import { trackerErrors } from '../user-api/tracker-user.schemas.ts';
import type { FilterSearch } from './filter-lists.repository.ts';
import {
  listFavouriteFilters,
  listMyFilters,
  readFilterOrder,
  searchFilters,
} from './filter-reads.service.ts';
import { renderFilterDetailsList, renderFilters, renderOneFilter } from './filter-render.ts';
import { setFilterFavourite } from './filter-shares.service.ts';
import {
  type FilterDeps,
  type FilterRequest,
  filterVersions,
  readFilterRequest,
  type Version,
} from './filters.context.ts';
import {
  ArrayOfFilters,
  Filter,
  FilterParams,
  FilterSearchQuery,
  MyFiltersQuery,
  PageOfFilterDetails,
} from './filters.schemas.ts';
import { getFilter } from './filters.service.ts';
import { readGroupId, readOwner } from './share-search.params.ts';

type Deps = FilterDeps;
type SearchQuery = Static<typeof FilterSearchQuery>;

/** The filter list routes, v2 and v3. */
export function registerFilterListRoutes(app: VeilApp, deps: Deps) {
  for (const version of filterVersions) {
    registerSearch(app, deps, version);
    registerMine(app, deps, version);
    registerFavourite(app, deps, version);
  }
}

async function readSearch(deps: Deps, context: FilterRequest, query: SearchQuery): Promise<FilterSearch> {
  const ids = readMultiValue(query.id, 'id');
  if (ids.some((id) => !/^[1-9][0-9]{0,17}$/.test(id)))
    throw new VeilError('request.invalid', 'id must be filter ids.', [
      { path: 'id', message: 'must be numbers' },
    ]);
  return {
    name: query.filterName,
    ownerId: await readOwner(deps, context, query),
    groupId: await readGroupId(deps, context, query),
    projectId: query.projectId === undefined ? undefined : String(query.projectId),
    ids: ids.length > 0 ? ids : undefined,
    orderBy: readFilterOrder(query.orderBy),
  };
}

function registerSearch(app: VeilApp, deps: Deps, version: Version) {
  app.get(
    `/rest/api/${version}/filter/search`,
    {
      schema: {
        tags: [`tracker v${version}`],
        summary: 'Search for filters',
        querystring: FilterSearchQuery,
        response: { 200: PageOfFilterDetails, ...trackerErrors },
      },
    },
    async (request) => {
      const context = await readFilterRequest(request, deps, version, 'browse');
      const page = readPage(request.query, { maxResults: 50, cap: 100 });
      const search = await readSearch(deps, context, request.query);
      const { filters, total } = await searchFilters(deps.db, context, search, page);
      const values = await renderFilterDetailsList(deps, context, filters, readExpand(request.query.expand));
      const self = `${context.site.baseUrl}${request.url}`;
      const isLast = page.startAt + filters.length >= total;
      const next = isLast ? {} : { nextPage: withStartAt(self, page.startAt + page.maxResults) };
      return { self, ...next, maxResults: page.maxResults, startAt: page.startAt, total, isLast, values };
    },
  );
}

function registerMine(app: VeilApp, deps: Deps, version: Version) {
  const schema = (summary: string, querystring: typeof MyFiltersQuery) => ({
    tags: [`tracker v${version}`],
    summary,
    querystring,
    response: { 200: ArrayOfFilters, ...trackerErrors },
  });
  app.get(
    `/rest/api/${version}/filter/my`,
    { schema: schema('Get my filters', MyFiltersQuery) },
    async (request) => {
      const context = await readFilterRequest(request, deps, version, 'browse');
      const filters = await listMyFilters(deps.db, context, request.query.includeFavourites === true);
      return renderFilters(deps, context, filters, readExpand(request.query.expand));
    },
  );
  app.get(
    `/rest/api/${version}/filter/favourite`,
    { schema: schema('Get favorite filters', MyFiltersQuery) },
    async (request) => {
      const context = await readFilterRequest(request, deps, version, 'browse');
      return renderFilters(
        deps,
        context,
        await listFavouriteFilters(deps.db, context),
        readExpand(request.query.expand),
      );
    },
  );
}

const FavouriteQuery = Type.Object({ expand: MyFiltersQuery.properties.expand });

function registerFavourite(app: VeilApp, deps: Deps, version: Version) {
  for (const method of ['PUT', 'DELETE'] as const) {
    app.route({
      method,
      url: `/rest/api/${version}/filter/:id/favourite`,
      schema: {
        tags: [`tracker v${version}`],
        summary: method === 'PUT' ? 'Add filter as favorite' : 'Remove filter as favorite',
        params: FilterParams,
        querystring: FavouriteQuery,
        response: { 200: Filter, ...trackerErrors },
      },
      handler: async (
        request: FastifyRequest<{ Params: { id: string }; Querystring: { expand?: string[] } }>,
      ) => {
        const context = await readFilterRequest(request, deps, version, 'edit');
        const filter = await getFilter(deps.db, context, request.params.id);
        await setFilterFavourite(deps, context, filter, method === 'PUT');
        const now = await getFilter(deps.db, context, filter.id);
        return renderOneFilter(deps, context, now, readExpand(request.query.expand));
      },
    });
  }
}
