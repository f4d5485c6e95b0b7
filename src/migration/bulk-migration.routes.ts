/**
 * Bulk migration: the accountIds of users named by username or key, for app data migrations. These
 * answer in every stage (after the deprecation end is exactly when apps need them) and are not counted
 * as legacy use: they are the way out of it.
 */
import { type Static, Type } from 'typebox';
import type { Directory } from '../directory/directory.ts';
import { VeilError } from '../errors/veil-error.ts';
import type { VeilApp } from '../http/server.ts';
import type { Site } from '../sites/sites.model.ts';
import { trackerVersions } from '../tracker/users.routes.ts';
import { findByLegacyIdentifier } from '../user-api/legacy-request.ts';
import { readPage } from '../user-api/paging.ts';
import { ListParameter, readMultiValue } from '../user-api/params.ts';
import { requireSignedIn, requireSiteAccess } from '../user-api/request-context.ts';
import { trackerErrors } from '../user-api/tracker-user.schemas.ts';
import { wikiLinks } from '../user-api/wiki-user.representation.ts';
import { wikiErrors } from '../user-api/wiki-user.schemas.ts';
import type { Viewer } from '../visibility/visibility.ts';
import { pathUnderWiki, requireWikiAccess } from '../wiki/wiki.context.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps {
  readonly directory: Directory;
}

const MultiValue = ListParameter;

const UserMigration = Type.Object({
  key: Type.Optional(Type.String()),
  username: Type.Optional(Type.String()),
  accountId: Type.String(),
});

const MigratedUserArray = Type.Object({
  results: Type.Array(Type.Object({ username: Type.String(), key: Type.String(), accountId: Type.String() })),
  start: Type.Integer(),
  limit: Type.Integer(),
  size: Type.Integer(),
  _links: Type.Object({ self: Type.Optional(Type.String()), base: Type.String(), context: Type.String() }),
});

/** The most users one page maps, whatever the caller asks. */
const pageCap = 200;

/** The users a call names: `username` xor `key` (each repeatable, or comma-joined), at least one. */
function readMigrationNames(query: { username?: string[]; key?: string[] }) {
  const usernames = readMultiValue(query.username, 'username');
  const keys = readMultiValue(query.key, 'key');
  if (usernames.length > 0 && keys.length > 0) {
    throw new VeilError('request.invalid', 'Give username or key, not both', [
      { path: 'key', message: 'cannot be combined with username' },
    ]);
  }
  if (usernames.length === 0 && keys.length === 0) {
    throw new VeilError('request.invalid', 'The username or key query parameter needs to be provided', [
      { path: 'username', message: 'username or key is required' },
    ]);
  }
  return usernames.length > 0
    ? { kind: 'username' as const, values: usernames }
    : { kind: 'key' as const, values: keys };
}

/**
 * The accounts of the site the names map to, in the order asked, each once; names that map to no one
 * (or to someone whose legacy identity the caller may not see) are left out, so one unknown name never
 * fails a whole migration batch.
 */
async function mapNames(
  directory: Directory,
  site: Site,
  viewer: Viewer,
  names: ReturnType<typeof readMigrationNames>,
) {
  const seen = new Set<string>();
  const found = await Promise.all(
    names.values.map((value) => findByLegacyIdentifier(directory, site, viewer, names.kind, value)),
  );
  return names.values.flatMap((value, index) => {
    const entry = found[index];
    const link = entry?.links.get(site.id);
    if (!entry || !link || seen.has(value)) return [];
    seen.add(value);
    return [{ value, entry, link }];
  });
}

/** `GET /rest/api/{2,3}/user/bulk/migration` and `GET /wiki/rest/api/user/bulk/migration`. */
export function registerBulkMigrationRoutes(app: VeilApp, deps: Deps) {
  for (const version of trackerVersions) registerTrackerBulkMigration(app, deps, version);
  registerWikiBulkMigration(app, deps);
}

/** `GET /rest/api/{2,3}/user/bulk/migration`: a page of accountIds for the usernames or keys given. */
function registerTrackerBulkMigration(
  app: VeilApp,
  { directory }: Deps,
  version: (typeof trackerVersions)[number],
) {
  app.get(
    `/rest/api/${version}/user/bulk/migration`,
    {
      schema: {
        tags: [`tracker v${version}`],
        summary: 'Get account IDs for users (by username xor key), in every migration stage',
        querystring: Type.Object({
          username: MultiValue,
          key: MultiValue,
          startAt: Type.Optional(Type.Integer()),
          maxResults: Type.Optional(Type.Integer()),
        }),
        response: { 200: Type.Array(UserMigration), ...trackerErrors },
      },
    },
    async (request) => {
      const site = await requireSiteAccess(request, directory);
      // Only people and apps may map names: the spec asks for access to the product.
      requireSignedIn(request);
      const names = readMigrationNames(request.query);
      const { startAt, maxResults } = readPage(request.query, { maxResults: 10, cap: pageCap });
      const mapped = await mapNames(directory, site, request.caller.viewer, names);
      return mapped.slice(startAt, startAt + maxResults).map(({ value, entry }) => ({
        [names.kind]: value,
        accountId: entry.account.accountId,
      }));
    },
  );
}

/** `GET /wiki/rest/api/user/bulk/migration`: the wiki's page of MigratedUsers. */
function registerWikiBulkMigration(app: VeilApp, { directory }: Deps) {
  app.get(
    '/wiki/rest/api/user/bulk/migration',
    {
      schema: {
        tags: ['wiki v1'],
        summary: 'Get user accountIds (by username xor key), in every migration stage',
        querystring: Type.Object({
          username: MultiValue,
          key: MultiValue,
          start: Type.Integer({ minimum: 0, default: 0 }),
          limit: Type.Integer({ minimum: 0, default: pageCap }),
        }),
        response: { 200: MigratedUserArray, ...wikiErrors },
      },
    },
    async (request): Promise<Static<typeof MigratedUserArray>> => {
      const site = await requireWikiAccess(request, directory);
      requireSignedIn(request);
      const names = readMigrationNames(request.query);
      const { start } = request.query;
      const limit = Math.min(request.query.limit, pageCap);
      const mapped = await mapNames(directory, site, request.caller.viewer, names);
      const page = mapped.slice(start, start + limit);
      return {
        // The wiki's MigratedUser carries both; a user without one of them gives it as ''.
        results: page.map(({ entry, link }) => ({
          username: link.username ?? '',
          key: link.userKey ?? '',
          accountId: entry.account.accountId,
        })),
        start,
        limit,
        size: page.length,
        _links: wikiLinks(site, pathUnderWiki(request)),
      };
    },
  );
}
