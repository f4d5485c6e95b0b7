/** The dashboards of the tracker, v2 and v3: lists, search, one, create, update, copy, delete. */
import type { Static } from 'typebox';
import { VeilError } from '../errors/veil-error.ts';
import { NoContent } from '../http/contracts.ts';
import type { VeilApp } from '../http/server.ts';
import { readPage, withStartAt } from '../user-api/paging.ts';
import { trackerErrors } from '../user-api/tracker-user.schemas.ts';
import type { DashboardSearch } from './dashboards.repository.ts';
import { dashboardOrderKeys } from './dashboards.repository.ts';
import { renderDashboards, renderOneDashboard } from './dashboards.representation.ts';
import {
  Dashboard,
  DashboardBody,
  DashboardListQuery,
  DashboardParams,
  DashboardSearchQuery,
  DashboardWriteQuery,
  PageBeanDashboard,
  PageOfDashboards,
} from './dashboards.schemas.ts';
import {
  createDashboard,
  deleteDashboard,
  getDashboard,
  searchDashboards,
  updateDashboard,
} from './dashboards.service.ts';
import {
  type FilterDeps,
  type FilterRequest,
  filterVersions,
  readFilterRequest,
  type Version,
} from './filters.context.ts';
import { readGroupId, readOwner } from './share-search.params.ts';

type Deps = FilterDeps;

/** The dashboard routes, v2 and v3. */
export function registerDashboardRoutes(app: VeilApp, deps: Deps) {
  for (const version of filterVersions) {
    registerLists(app, deps, version);
    registerOne(app, deps, version);
    registerWrites(app, deps, version);
  }
}

function readOrder(raw: string | undefined): DashboardSearch['orderBy'] {
  const text = (raw ?? 'name').trim();
  const key = text.replace(/^[-+]/, '').toLowerCase();
  if (!(dashboardOrderKeys as readonly string[]).includes(key))
    throw new VeilError('request.invalid', `orderBy must be one of ${dashboardOrderKeys.join(', ')}.`, [
      { path: 'orderBy', message: `'${raw}' is not a valid order` },
    ]);
  return { key: key as DashboardSearch['orderBy']['key'], descending: text.startsWith('-') };
}

async function readSearch(
  deps: Deps,
  context: FilterRequest,
  query: Static<typeof DashboardSearchQuery>,
): Promise<DashboardSearch> {
  return {
    name: query.dashboardName,
    ownerId: await readOwner(deps, context, query),
    groupId: await readGroupId(deps, context, query),
    projectId: query.projectId === undefined ? undefined : String(query.projectId),
    orderBy: readOrder(query.orderBy),
  };
}

function listSearchOf(context: FilterRequest, filter: 'my' | 'favourite' | undefined): DashboardSearch {
  const me = context.reader.accountId ?? '';
  const orderBy = { key: 'name', descending: false } as const;
  if (filter === 'my') return { ownerId: me, orderBy };
  if (filter === 'favourite') return { favouriteOf: me, orderBy };
  return { orderBy };
}

function registerLists(app: VeilApp, deps: Deps, version: Version) {
  const tags = [`tracker v${version}`];
  app.get(
    `/rest/api/${version}/dashboard`,
    {
      schema: {
        tags,
        summary: 'Get all dashboards',
        querystring: DashboardListQuery,
        response: { 200: PageOfDashboards, ...trackerErrors },
      },
    },
    async (request) => {
      const context = await readFilterRequest(request, deps, version, 'browse');
      const page = readPage(request.query, { maxResults: 20, cap: 1000 });
      const { dashboards, total } = await searchDashboards(
        deps.db,
        context,
        listSearchOf(context, request.query.filter),
        page,
      );
      const self = `${context.site.baseUrl}${request.url}`;
      const more = page.startAt + dashboards.length < total;
      return {
        startAt: page.startAt,
        maxResults: page.maxResults,
        total,
        ...(page.startAt > 0 ? { prev: withStartAt(self, Math.max(page.startAt - page.maxResults, 0)) } : {}),
        ...(more ? { next: withStartAt(self, page.startAt + page.maxResults) } : {}),
        dashboards: await renderDashboards(deps.db, context, dashboards),
      };
    },
  );
  registerSearch(app, deps, version);
}

function registerSearch(app: VeilApp, deps: Deps, version: Version) {
  const tags = [`tracker v${version}`];
  app.get(
    `/rest/api/${version}/dashboard/search`,
    {
      schema: {
        tags,
        summary: 'Search for dashboards',
        querystring: DashboardSearchQuery,
        response: { 200: PageBeanDashboard, ...trackerErrors },
      },
    },
    async (request) => {
      const context = await readFilterRequest(request, deps, version, 'browse');
      const page = readPage(request.query, { maxResults: 50, cap: 100 });
      const search = await readSearch(deps, context, request.query);
      const { dashboards, total } = await searchDashboards(deps.db, context, search, page);
      const self = `${context.site.baseUrl}${request.url}`;
      const isLast = page.startAt + dashboards.length >= total;
      const next = isLast ? {} : { nextPage: withStartAt(self, page.startAt + page.maxResults) };
      const values = await renderDashboards(deps.db, context, dashboards);
      return { self, ...next, maxResults: page.maxResults, startAt: page.startAt, total, isLast, values };
    },
  );
}

function registerOne(app: VeilApp, deps: Deps, version: Version) {
  const tags = [`tracker v${version}`];
  const url = `/rest/api/${version}/dashboard/:id`;
  app.get(
    url,
    {
      schema: {
        tags,
        summary: 'Get dashboard',
        params: DashboardParams,
        response: { 200: Dashboard, ...trackerErrors },
      },
    },
    async (request) => {
      const context = await readFilterRequest(request, deps, version, 'browse');
      return renderOneDashboard(deps.db, context, await getDashboard(deps.db, context, request.params.id));
    },
  );
  app.delete(
    url,
    {
      schema: {
        tags,
        summary: 'Delete dashboard',
        params: DashboardParams,
        response: { 204: NoContent, ...trackerErrors },
      },
    },
    async (request, reply) => {
      const context = await readFilterRequest(request, deps, version, 'edit');
      await deleteDashboard(deps, context, await getDashboard(deps.db, context, request.params.id));
      return reply.status(204).send(null);
    },
  );
}

function registerWrites(app: VeilApp, deps: Deps, version: Version) {
  const tags = [`tracker v${version}`];
  const base = `/rest/api/${version}/dashboard`;
  const common = {
    querystring: DashboardWriteQuery,
    body: DashboardBody,
    response: { 200: Dashboard, ...trackerErrors },
  };
  app.post(base, { schema: { tags, summary: 'Create dashboard', ...common } }, async (request) => {
    const context = await readFilterRequest(request, deps, version, 'edit');
    return renderOneDashboard(deps.db, context, await createDashboard(deps, context, request.body));
  });
  app.put(
    `${base}/:id`,
    { schema: { tags, summary: 'Update dashboard', params: DashboardParams, ...common } },
    async (request) => {
      const context = await readFilterRequest(request, deps, version, 'edit');
      const dashboard = await getDashboard(deps.db, context, request.params.id);
      return renderOneDashboard(
        deps.db,
        context,
        await updateDashboard(deps, context, dashboard, request.body),
      );
    },
  );
  app.post(
    `${base}/:id/copy`,
    { schema: { tags, summary: 'Copy dashboard', params: DashboardParams, ...common } },
    async (request) => {
      const context = await readFilterRequest(request, deps, version, 'edit');
      // A copy is a new dashboard of the caller's: they must see the one they copy.
      await getDashboard(deps.db, context, request.params.id);
      return renderOneDashboard(deps.db, context, await createDashboard(deps, context, request.body));
    },
  );
}
