import { Type } from 'typebox';
import type { ProfileReadCounter } from '../access-log/profile-reads.ts';
import type { Clock } from '../clock/clock.ts';
import type { Directory, DirectoryEntry } from '../directory/directory.ts';
import { VeilError } from '../errors/veil-error.ts';
import type { VeilApp } from '../http/server.ts';
import type { Site } from '../sites/sites.model.ts';
import { identityContextOf, requireUserNamedInQuery } from '../user-api/legacy-request.ts';
import type { LegacyUsageRecorder } from '../user-api/legacy-usage.ts';
import { accountIdRequired, ListParameter, readMultiValue } from '../user-api/params.ts';
import {
  renderAnonymousUser,
  renderWikiGroup,
  renderWikiUser,
  renderWikiUserV2,
  wikiBaseUrl,
  wikiLinks,
} from '../user-api/wiki-user.representation.ts';
import {
  BulkUserLookupArray,
  GroupArrayWithLinks,
  UsersBulkBody,
  UsersBulkResult,
  WikiUser,
  WikiUserAnonymous,
  wikiErrors,
} from '../user-api/wiki-user.schemas.ts';
import { pathUnderWiki, requireWikiAccess } from './wiki.context.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps {
  readonly clock: Clock;
  readonly directory: Directory;
  readonly legacyUsage: LegacyUsageRecorder;
  readonly profileReads: ProfileReadCounter;
}

/** The most ids `GET /user/bulk` honours (the rest are ignored, as the spec says), and its largest page. */
const bulkLookupCap = 200;
/** The most groups `GET /user/memberof` gives in one page. */
const memberOfCap = 200;

const tags = ['wiki v1'];
const MultiValue = ListParameter;

/** The `expand` parameter, comma-joined or repeated, as a set of names (unknown names are ignored). */
function readWikiExpand(raw: string[] | undefined): Set<string> {
  return new Set(readMultiValue(raw, 'expand'));
}

/** `privacyMode=true` gives the GDPR behaviour for the call during the legacy stage. */
const privacyMode = Type.Optional(
  Type.String({ description: 'true: no username or userKey, legacy parameters refused (legacy stage)' }),
);

/** The distinct accounts of the site among `ids`, in the order asked; unknown ids are left out. */
async function findSiteAccounts(
  directory: Directory,
  site: Site,
  ids: readonly string[],
): Promise<DirectoryEntry[]> {
  const entries = await directory.entries(ids);
  return [...new Set(ids)].flatMap((id) => {
    const entry = entries.get(id);
    return entry?.links.has(site.id) ? [entry] : [];
  });
}

const userQuery = Type.Object({
  accountId: Type.Optional(Type.String()),
  username: Type.Optional(Type.String()),
  key: Type.Optional(Type.String()),
  expand: MultiValue,
  privacyMode,
});

const bulkQuery = Type.Object({
  accountId: MultiValue,
  expand: MultiValue,
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: bulkLookupCap })),
  privacyMode,
});

const memberOfQuery = Type.Object({
  accountId: Type.Optional(Type.String()),
  username: Type.Optional(Type.String()),
  key: Type.Optional(Type.String()),
  start: Type.Integer({ minimum: 0, default: 0 }),
  limit: Type.Integer({ minimum: 0, default: memberOfCap }),
  privacyMode,
});

/** The ids of a bulk lookup, however joined; at least one. */
function requireBulkIds(raw: string[] | undefined): string[] {
  const ids = readMultiValue(raw, 'accountId');
  if (ids.length === 0) throw accountIdRequired();
  return ids;
}

/** `GET /wiki/rest/api/user`: one account of the site, as the caller may see it. */
function registerGetUser(app: VeilApp, deps: Deps) {
  const { directory } = deps;
  app.get(
    '/wiki/rest/api/user',
    {
      schema: {
        tags,
        summary: 'Get user',
        querystring: userQuery,
        response: { 200: WikiUser, ...wikiErrors },
      },
    },
    async (request) => {
      const site = await requireWikiAccess(request, directory);
      const { viewer } = request.caller;
      const { entry, identity } = await requireUserNamedInQuery(request, deps, site);
      const expand = readWikiExpand(request.query.expand);
      return renderWikiUser(deps, entry, viewer, site, expand, identity.legacy);
    },
  );
}

/**
 * `GET /wiki/rest/api/user/current`: the caller; a caller without credentials (where the site lets
 * them in) is the anonymous user, whose representation the v1 `User` schema also covers.
 */
function registerCurrentUser(app: VeilApp, deps: Deps) {
  const { directory } = deps;
  app.get(
    '/wiki/rest/api/user/current',
    {
      schema: {
        tags,
        summary: 'Get current user',
        querystring: Type.Object({ expand: MultiValue, privacyMode }),
        response: { 200: Type.Union([WikiUser, WikiUserAnonymous]), ...wikiErrors },
      },
    },
    async (request) => {
      const site = await requireWikiAccess(request, directory);
      const expand = readWikiExpand(request.query.expand);
      const { caller } = request;
      if (caller.kind === 'anonymous') return renderAnonymousUser(site, expand);
      const entry = await directory.entry(caller.account.accountId);
      if (!entry) throw new VeilError('auth.required', 'You are not logged in');
      const { legacy } = identityContextOf(request, deps);
      return renderWikiUser(deps, entry, caller.viewer, site, expand, legacy);
    },
  );
}

/** `GET /wiki/rest/api/user/anonymous`: who a caller without credentials is. */
function registerAnonymousUser(app: VeilApp, directory: Directory) {
  app.get(
    '/wiki/rest/api/user/anonymous',
    {
      schema: {
        tags,
        summary: 'Get anonymous user',
        querystring: Type.Object({ expand: MultiValue }),
        response: { 200: WikiUserAnonymous, ...wikiErrors },
      },
    },
    async (request) => {
      const site = await requireWikiAccess(request, directory);
      return renderAnonymousUser(site, readWikiExpand(request.query.expand));
    },
  );
}

/** `GET /wiki/rest/api/user/bulk`: up to `limit` accounts of the first 200 ids; unknown ids are left out. */
function registerBulkLookup(app: VeilApp, deps: Deps) {
  const { directory } = deps;
  app.get(
    '/wiki/rest/api/user/bulk',
    {
      schema: {
        tags,
        summary: 'Get multiple users using ids',
        querystring: bulkQuery,
        response: { 200: BulkUserLookupArray, ...wikiErrors },
      },
    },
    async (request) => {
      const site = await requireWikiAccess(request, directory);
      const ids = requireBulkIds(request.query.accountId).slice(0, bulkLookupCap);
      const limit = request.query.limit ?? bulkLookupCap;
      const entries = (await findSiteAccounts(directory, site, ids)).slice(0, limit);
      const expand = readWikiExpand(request.query.expand);
      const { viewer } = request.caller;
      const { legacy } = identityContextOf(request, deps);
      return {
        results: entries.map((entry) => renderWikiUser(deps, entry, viewer, site, expand, legacy)),
        start: 0,
        limit,
        size: entries.length,
        _links: wikiLinks(site, pathUnderWiki(request)),
      };
    },
  );
}

/** `GET /wiki/rest/api/user/memberof`: the site's groups an account belongs to, by name, paged. */
function registerMemberOf(app: VeilApp, deps: Deps) {
  const { directory } = deps;
  app.get(
    '/wiki/rest/api/user/memberof',
    {
      schema: {
        tags,
        summary: 'Get group memberships for user',
        querystring: memberOfQuery,
        response: { 200: GroupArrayWithLinks, ...wikiErrors },
      },
    },
    async (request) => {
      const site = await requireWikiAccess(request, directory);
      const { entry } = await requireUserNamedInQuery(request, deps, site);
      const { start } = request.query;
      const limit = Math.min(request.query.limit, memberOfCap);
      const groups = [...(entry.links.get(site.id)?.groups ?? [])];
      groups.sort((a, b) => a.name.localeCompare(b.name));
      const page = groups.slice(start, start + limit);
      const id = encodeURIComponent(entry.account.accountId);
      const hasMore = limit > 0 && start + page.length < groups.length;
      const next = `/rest/api/user/memberof?accountId=${id}&start=${start + limit}&limit=${limit}`;
      return {
        results: page.map((group) => renderWikiGroup(site, group)),
        start,
        limit,
        size: page.length,
        _links: { ...wikiLinks(site, pathUnderWiki(request)), ...(hasMore ? { next } : {}) },
      };
    },
  );
}

/** `POST /wiki/api/v2/users-bulk`: the v2 users for 1 to 250 accountIds; unknown ones are left out. */
function registerUsersBulk(app: VeilApp, deps: Deps) {
  const { directory } = deps;
  app.post(
    '/wiki/api/v2/users-bulk',
    {
      // A lookup, though sent as POST: it writes nothing, so it need not wait for the directory to sync.
      config: { readOnly: true },
      schema: {
        tags: ['wiki v2'],
        summary: 'Create bulk user lookup using ids',
        body: UsersBulkBody,
        response: { 200: UsersBulkResult, ...wikiErrors },
      },
    },
    async (request, reply) => {
      const site = await requireWikiAccess(request, directory);
      const entries = await findSiteAccounts(directory, site, request.body.accountIds);
      const { viewer } = request.caller;
      reply.header('Link', `<${wikiBaseUrl(site)}>; rel="base"`);
      return {
        results: entries.map((entry) => renderWikiUserV2(deps, entry, viewer, site)),
        _links: { base: wikiBaseUrl(site) },
      };
    },
  );
}

/** The wiki's user endpoints (v1 and the v2 bulk lookup). */
export function registerWikiUserRoutes(app: VeilApp, deps: Deps) {
  const { directory } = deps;
  registerGetUser(app, deps);
  registerCurrentUser(app, deps);
  registerAnonymousUser(app, directory);
  registerBulkLookup(app, deps);
  registerMemberOf(app, deps);
  registerUsersBulk(app, deps);
}
