/**
 * `/user/columns` of the tracker: the issue table's default columns of a person on the site. Kept with
 * the properties about the person (writer `#columns`, one row per site), so they are exported and erased
 * with them. A person reads and sets their own; a site admin anyone's on the site. `PUT` takes the
 * columns as JSON (`{"columns": […]}`, as jira.js sends them) or as form fields (`columns=a&columns=b`).
 */
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { requireSiteAdmin } from '../auth/caller.ts';
import type { Directory } from '../directory/directory.ts';
import { VeilError } from '../errors/veil-error.ts';
import { NoContent } from '../http/contracts.ts';
import { acceptFormBodies } from '../http/form-body.ts';
import type { VeilApp } from '../http/server.ts';
import type { Site } from '../sites/sites.model.ts';
import { readAccountIdParameter } from '../user-api/params.ts';
import { requireSiteAccess, requireSiteAccount } from '../user-api/request-context.ts';
import { trackerErrors } from '../user-api/tracker-user.schemas.ts';
import { requireOwnAccountId } from './my-preferences.routes.ts';
import {
  deleteUserPropertyRow,
  listUserPropertyRows,
  upsertUserPropertyRow,
} from './user-properties.repository.ts';
import type { Deps as ServiceDeps } from './user-properties.service.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps extends ServiceDeps {
  readonly directory: Directory;
}

const columnsWriter = '#columns';
const ColumnItem = Type.Object({ label: Type.String(), value: Type.String() });
const AccountQuery = Type.Object({ accountId: Type.Optional(Type.String()) });

/** The system fields a column may show, with their labels. */
const columnLabels: Record<string, string> = {
  issuetype: 'Issue Type',
  issuekey: 'Key',
  summary: 'Summary',
  assignee: 'Assignee',
  reporter: 'Reporter',
  creator: 'Creator',
  priority: 'Priority',
  status: 'Status',
  labels: 'Labels',
  description: 'Description',
  project: 'Project',
  created: 'Created',
  updated: 'Updated',
  watches: 'Watchers',
  votes: 'Votes',
};

/** The issue navigator's columns for a person who has chosen none. */
const defaultColumnIds = [
  'issuetype',
  'issuekey',
  'summary',
  'assignee',
  'reporter',
  'priority',
  'status',
  'created',
  'updated',
];

/** `GET`, `PUT` and `DELETE /user/columns`, v2 and v3. */
export function registerUserColumnRoutes(app: VeilApp, deps: Deps) {
  void app.register(async (scope) => {
    acceptFormBodies(scope);
    for (const version of ['2', '3'] as const) registerColumns(scope as VeilApp, deps, version);
  });
}

function registerColumns(app: VeilApp, deps: Deps, version: '2' | '3') {
  const tags = [`tracker v${version}`];
  const url = `/rest/api/${version}/user/columns`;
  app.get(
    url,
    {
      schema: {
        tags,
        summary: 'Get user default columns',
        querystring: AccountQuery,
        response: { 200: Type.Array(ColumnItem), ...trackerErrors },
      },
    },
    async (request) => {
      const { site, accountId } = await columnOwner(deps, request, request.query.accountId, 'read');
      const [row] = await listUserPropertyRows(deps.db, accountId, [columnsWriter], site.id);
      const ids: string[] = row ? JSON.parse(row.value) : defaultColumnIds;
      return ids.map((value) => ({ label: columnLabels[value] ?? value, value }));
    },
  );
  registerColumnWrites(app, deps, url, tags);
}

function registerColumnWrites(app: VeilApp, deps: Deps, url: string, tags: string[]) {
  app.put(
    url,
    {
      schema: {
        tags,
        summary: 'Set user default columns (none given: no columns)',
        querystring: AccountQuery,
        body: Type.Object({
          columns: Type.Optional(Type.Union([Type.String(), Type.Array(Type.String(), { maxItems: 100 })])),
        }),
        response: { 200: Type.Object({}), ...trackerErrors },
      },
    },
    async (request, reply) => {
      const { site, accountId } = await columnOwner(deps, request, request.query.accountId, 'write');
      const ids = readColumnIds(request.body.columns);
      await upsertUserPropertyRow(deps.db, {
        account_id: accountId,
        writer: columnsWriter,
        property_key: site.id,
        value: JSON.stringify(ids),
        updated_at: deps.clock.now(),
      });
      // The spec documents a JSON body of any shape: an empty object.
      return reply.code(200).send({});
    },
  );
  app.delete(
    url,
    {
      schema: {
        tags,
        summary: 'Reset user default columns',
        querystring: AccountQuery,
        response: { 204: NoContent, ...trackerErrors },
      },
    },
    async (request, reply) => {
      const { site, accountId } = await columnOwner(deps, request, request.query.accountId, 'write');
      await deleteUserPropertyRow(deps.db, accountId, columnsWriter, site.id);
      return reply.code(204).send(null);
    },
  );
}

/**
 * Whose columns a request is about: the caller's own without `accountId` (or with their own), else an
 * account of the site, whose columns anyone with the tracker may read but only a site admin may change.
 */
async function columnOwner(
  deps: Deps,
  request: FastifyRequest,
  rawAccountId: string | undefined,
  access: 'read' | 'write',
): Promise<{ site: Site; accountId: string }> {
  const site = await requireSiteAccess(request, deps.directory);
  const { caller } = request;
  const own = caller.kind === 'person' ? caller.account.accountId : undefined;
  if (rawAccountId === undefined || rawAccountId === own)
    return { site, accountId: requireOwnAccountId(caller) };
  const entry = await requireSiteAccount(deps.directory, site, readAccountIdParameter(rawAccountId));
  if (access === 'write') requireSiteAdmin(caller, site.id);
  return { site, accountId: entry.account.accountId };
}

/** The column ids of a `PUT`, each a field the issue table can show. */
function readColumnIds(raw: string | readonly string[] | undefined): string[] {
  const ids = raw === undefined ? [] : typeof raw === 'string' ? [raw] : [...raw];
  const unknown = ids.filter((id) => !(id in columnLabels));
  if (unknown.length > 0) {
    throw new VeilError('request.invalid', `No column ${unknown[0]} can be shown`, [
      { path: 'columns', message: `names a field the issue table cannot show: ${unknown.join(', ')}` },
    ]);
  }
  return [...new Set(ids)];
}
