import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Directory } from '../directory/directory.ts';
import { NoContent } from '../http/contracts.ts';
import type { VeilApp } from '../http/server.ts';
import type { Site } from '../sites/sites.model.ts';
import { requireSiteAccount } from '../user-api/request-context.ts';
import { wikiLinks } from '../user-api/wiki-user.representation.ts';
import { wikiErrors } from '../user-api/wiki-user.schemas.ts';
import { requireWikiAccess } from '../wiki/wiki.context.ts';
import {
  deleteProperty,
  getProperty,
  listPropertyKeys,
  putProperty,
  type Deps as ServiceDeps,
  type UserProperty,
} from './user-properties.service.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps extends ServiceDeps {
  readonly directory: Directory;
}

const tags = ['wiki v1'];
const UserParams = Type.Object({ userId: Type.String() });
const PropertyParams = Type.Object({ userId: Type.String(), key: Type.String() });
const Links = Type.Object({
  self: Type.Optional(Type.String()),
  base: Type.String(),
  context: Type.String(),
});
const UserPropertyKeyArray = Type.Object({
  results: Type.Array(Type.Object({ key: Type.String() })),
  start: Type.Integer(),
  limit: Type.Integer(),
  size: Type.Integer(),
  _links: Links,
});
const WikiUserProperty = Type.Object({
  key: Type.String(),
  value: Type.Unknown(),
  id: Type.String(),
  lastModifiedDate: Type.String(),
  createdDate: Type.String(),
  _links: Links,
});
const PropertyBody = Type.Object({ value: Type.Unknown() });
const PagingQuery = Type.Object({
  start: Type.Integer({ minimum: 0, default: 0 }),
  limit: Type.Integer({ minimum: 0, maximum: 100, default: 10 }),
});

/** `/wiki/rest/api/user/{userId}/property` and `…/property/{key}`: the wiki's properties about a person. */
export function registerWikiUserPropertyRoutes(app: VeilApp, deps: Deps) {
  registerWikiPropertyReads(app, deps);
  registerWikiPropertyWrites(app, deps);
}

const base = '/wiki/rest/api/user/:userId/property';

/** The wiki's site, once the caller may use it, and that the person is an account of it. */
async function requireSubjectSite(request: FastifyRequest, deps: Deps, userId: string): Promise<Site> {
  const site = await requireWikiAccess(request, deps.directory);
  await requireSiteAccount(deps.directory, site, userId);
  return site;
}

function registerWikiPropertyReads(app: VeilApp, deps: Deps) {
  app.get(
    base,
    {
      schema: {
        tags,
        summary: 'Get user properties',
        params: UserParams,
        querystring: PagingQuery,
        response: { 200: UserPropertyKeyArray, ...wikiErrors },
      },
    },
    async (request) => {
      const { userId } = request.params;
      const site = await requireSubjectSite(request, deps, userId);
      const { start, limit } = request.query;
      const keys = (await listPropertyKeys(deps, request.caller, userId)).slice(start, start + limit);
      return {
        results: keys.map((key) => ({ key })),
        start,
        limit,
        size: keys.length,
        _links: wikiLinks(site, `/rest/api/user/${encodeURIComponent(userId)}/property`),
      };
    },
  );
  app.get(
    `${base}/:key`,
    {
      schema: {
        tags,
        summary: 'Get user property',
        params: PropertyParams,
        response: { 200: WikiUserProperty, ...wikiErrors },
      },
    },
    async (request) => {
      const { userId, key } = request.params;
      const site = await requireSubjectSite(request, deps, userId);
      const property = await getProperty(deps, request.caller, userId, key);
      return renderWikiProperty(site, userId, property);
    },
  );
}

function registerWikiPropertyWrites(app: VeilApp, deps: Deps) {
  for (const method of ['POST', 'PUT'] as const) {
    app.route({
      method,
      url: `${base}/:key`,
      schema: {
        tags,
        summary: method === 'POST' ? 'Create user property' : 'Update user property',
        params: PropertyParams,
        body: PropertyBody,
        response: { 201: NoContent, 204: NoContent, ...wikiErrors },
      },
      handler: async (request, reply) => {
        const { userId, key } = request.params;
        await requireSubjectSite(request, deps, userId);
        await putProperty(deps, request.caller, userId, key, request.body.value);
        return reply.code(method === 'POST' ? 201 : 204).send(null);
      },
    });
  }
  app.delete(
    `${base}/:key`,
    {
      schema: {
        tags,
        summary: 'Delete user property',
        params: PropertyParams,
        response: { 204: NoContent, ...wikiErrors },
      },
    },
    async (request, reply) => {
      const { userId, key } = request.params;
      await requireSubjectSite(request, deps, userId);
      await deleteProperty(deps, request.caller, userId, key);
      return reply.code(204).send(null);
    },
  );
}

/** A property as the wiki's `UserProperty`. */
function renderWikiProperty(site: Site, userId: string, property: UserProperty) {
  const self = `/rest/api/user/${encodeURIComponent(userId)}/property/${encodeURIComponent(property.key)}`;
  return {
    key: property.key,
    value: property.value,
    id: property.id,
    lastModifiedDate: property.updatedAt.toISOString(),
    createdDate: property.createdAt.toISOString(),
    _links: wikiLinks(site, self),
  };
}
