/** `GET/POST /filter/{id}/permission` and `GET/DELETE /filter/{id}/permission/{permissionId}`, v2 and v3. */
import { NoContent } from '../http/contracts.ts';
import type { VeilApp } from '../http/server.ts';
import { loadPeople } from '../issues/people.representation.ts';
import { trackerErrors } from '../user-api/tracker-user.schemas.ts';
import {
  addFilterSharePermission,
  deleteFilterSharePermission,
  getFilterSharePermission,
  listFilterSharePermissions,
} from './filter-shares.service.ts';
import {
  type FilterDeps,
  type FilterRequest,
  filterVersions,
  readFilterRequest,
  type Version,
} from './filters.context.ts';
import type { SharePermission } from './filters.model.ts';
import { renderSharePermission } from './filters.representation.ts';
import {
  ArrayOfSharePermissions,
  FilterParams,
  SharePermissionInput,
  SharePermissionParams,
  SharePermission as SharePermissionSchema,
} from './filters.schemas.ts';
import { getFilter } from './filters.service.ts';

type Deps = FilterDeps;

/** The share permission routes of filters, v2 and v3. */
export function registerSharePermissionRoutes(app: VeilApp, deps: Deps) {
  for (const version of filterVersions) {
    registerList(app, deps, version);
    registerOne(app, deps, version);
  }
}

async function renderShares(context: FilterRequest, shares: readonly SharePermission[]) {
  const people = await loadPeople(
    context.audience,
    shares.map((s) => s.accountId),
  );
  return shares.map((share) => renderSharePermission(people, context.site, share));
}

function registerList(app: VeilApp, deps: Deps, version: Version) {
  const url = `/rest/api/${version}/filter/:id/permission`;
  const tags = [`tracker v${version}`];
  app.get(
    url,
    {
      schema: {
        tags,
        summary: 'Get share permissions',
        params: FilterParams,
        response: { 200: ArrayOfSharePermissions, ...trackerErrors },
      },
    },
    async (request) => {
      const context = await readFilterRequest(request, deps, version, 'browse');
      const filter = await getFilter(deps.db, context, request.params.id);
      return renderShares(context, await listFilterSharePermissions(deps.db, filter));
    },
  );
  app.post(
    url,
    {
      schema: {
        tags,
        summary: 'Add share permission',
        params: FilterParams,
        body: SharePermissionInput,
        response: { 201: ArrayOfSharePermissions, ...trackerErrors },
      },
    },
    async (request, reply) => {
      const context = await readFilterRequest(request, deps, version, 'edit');
      const filter = await getFilter(deps.db, context, request.params.id);
      const { type, accountId, groupId, groupname, projectId, projectRoleId } = request.body;
      const input = { type, accountId, groupId, groupName: groupname, projectId, roleId: projectRoleId };
      const shares = await addFilterSharePermission(deps, context, filter, input);
      return reply.status(201).send(await renderShares(context, shares));
    },
  );
}

function registerOne(app: VeilApp, deps: Deps, version: Version) {
  const url = `/rest/api/${version}/filter/:id/permission/:permissionId`;
  const tags = [`tracker v${version}`];
  const params = SharePermissionParams;
  app.get(
    url,
    {
      schema: {
        tags,
        summary: 'Get share permission',
        params,
        response: { 200: SharePermissionSchema, ...trackerErrors },
      },
    },
    async (request) => {
      const context = await readFilterRequest(request, deps, version, 'browse');
      const filter = await getFilter(deps.db, context, request.params.id);
      const share = await getFilterSharePermission(deps.db, filter, request.params.permissionId);
      const [rendered] = await renderShares(context, [share]);
      return rendered;
    },
  );
  app.delete(
    url,
    {
      schema: {
        tags,
        summary: 'Delete share permission',
        params,
        response: { 204: NoContent, ...trackerErrors },
      },
    },
    async (request, reply) => {
      const context = await readFilterRequest(request, deps, version, 'edit');
      const filter = await getFilter(deps.db, context, request.params.id);
      await deleteFilterSharePermission(deps, context, filter, request.params.permissionId);
      return reply.status(204).send(null);
    },
  );
}
