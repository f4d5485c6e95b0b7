import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Clock } from '../clock/clock.ts';
import type { Directory } from '../directory/directory.ts';
import { NoContent } from '../http/contracts.ts';
import type { VeilApp } from '../http/server.ts';
import type { Site } from '../sites/sites.model.ts';
import { identityContextOf, requireNamedUser } from '../user-api/legacy-request.ts';
import type { LegacyUsageRecorder } from '../user-api/legacy-usage.ts';
import { requireSiteAccess } from '../user-api/request-context.ts';
import { trackerErrors } from '../user-api/tracker-user.schemas.ts';
import {
  deleteProperty,
  getProperty,
  listPropertyKeys,
  putProperty,
  type Deps as ServiceDeps,
} from './user-properties.service.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps extends ServiceDeps {
  readonly clock: Clock;
  readonly directory: Directory;
  readonly legacyUsage: LegacyUsageRecorder;
}

const PropertyQuery = Type.Object({
  accountId: Type.Optional(Type.String()),
  userKey: Type.Optional(Type.String()),
  username: Type.Optional(Type.String()),
});
const KeyParams = Type.Object({ propertyKey: Type.String() });
const PropertyKeys = Type.Object({
  keys: Type.Array(Type.Object({ key: Type.String(), self: Type.String() })),
});
const Stored = Type.Object({});
const EntityProperty = Type.Object({ key: Type.String(), value: Type.Unknown() });

type PropertyRequest = FastifyRequest<{
  Querystring: { accountId?: string; userKey?: string; username?: string };
}>;

/** The site and the person the request names (by accountId, or in the legacy mode username or userKey). */
async function requireSubject(
  request: PropertyRequest,
  deps: Deps,
): Promise<{ site: Site; accountId: string }> {
  const site = await requireSiteAccess(request, deps.directory);
  const { accountId, userKey, username } = request.query;
  const identity = identityContextOf(request, deps);
  const named = await requireNamedUser(deps.directory, site, request.caller.viewer, identity, {
    accountId,
    username,
    key: userKey,
  });
  return { site, accountId: named.entry.account.accountId };
}

function propertyUrl(site: Site, version: string, accountId: string, key: string): string {
  return `${site.baseUrl}/rest/api/${version}/user/properties/${encodeURIComponent(key)}?accountId=${encodeURIComponent(accountId)}`;
}

/** `/user/properties` and `/user/properties/{propertyKey}` of the tracker, v2 and v3. */
export function registerTrackerUserPropertyRoutes(app: VeilApp, deps: Deps) {
  for (const version of ['2', '3'] as const) {
    registerPropertyReads(app, deps, version);
    registerPropertyWrites(app, deps, version);
  }
}

function registerPropertyReads(app: VeilApp, deps: Deps, version: '2' | '3') {
  {
    const base = `/rest/api/${version}/user/properties`;
    const tags = [`tracker v${version}`];
    app.get(
      base,
      {
        schema: {
          tags,
          summary: 'Get user property keys',
          querystring: PropertyQuery,
          response: { 200: PropertyKeys, ...trackerErrors },
        },
      },
      async (request) => {
        const { site, accountId } = await requireSubject(request, deps);
        const keys = await listPropertyKeys(deps, request.caller, accountId);
        return { keys: keys.map((key) => ({ key, self: propertyUrl(site, version, accountId, key) })) };
      },
    );
    app.get(
      `${base}/:propertyKey`,
      {
        schema: {
          tags,
          summary: 'Get user property',
          params: KeyParams,
          querystring: PropertyQuery,
          response: { 200: EntityProperty, ...trackerErrors },
        },
      },
      async (request) => {
        const { accountId } = await requireSubject(request, deps);
        const property = await getProperty(deps, request.caller, accountId, request.params.propertyKey);
        return { key: property.key, value: property.value };
      },
    );
  }
}

function registerPropertyWrites(app: VeilApp, deps: Deps, version: '2' | '3') {
  {
    const base = `/rest/api/${version}/user/properties`;
    const tags = [`tracker v${version}`];
    app.put(
      `${base}/:propertyKey`,
      {
        schema: {
          tags,
          summary: 'Set user property',
          params: KeyParams,
          querystring: PropertyQuery,
          response: { 200: Stored, 201: Stored, ...trackerErrors },
        },
      },
      async (request, reply) => {
        const { accountId } = await requireSubject(request, deps);
        const created = await putProperty(
          deps,
          request.caller,
          accountId,
          request.params.propertyKey,
          request.body,
        );
        return reply.code(created ? 201 : 200).send({});
      },
    );
    app.delete(
      `${base}/:propertyKey`,
      {
        schema: {
          tags,
          summary: 'Delete user property',
          params: KeyParams,
          querystring: PropertyQuery,
          response: { 204: NoContent, ...trackerErrors },
        },
      },
      async (request, reply) => {
        const { accountId } = await requireSubject(request, deps);
        await deleteProperty(deps, request.caller, accountId, request.params.propertyKey);
        return reply.code(204).send(null);
      },
    );
  }
}
