import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { isValidAccountId } from '../accounts/account-id.ts';
import { VeilError } from '../errors/veil-error.ts';
import { requirePerson } from '../http/caller.ts';
import type { Dependencies, VeilApp } from '../http/server.ts';
import { requireSiteAccess, requireSiteAccount } from './tracker.context.ts';
import { readExpand, readMultiValue, readPage } from './tracker.params.ts';
import { renderTrackerUser } from './users.representation.ts';
import { GroupName, PageBeanUser, TrackerUser, trackerErrors } from './users.schemas.ts';

export const trackerVersions = ['2', '3'] as const;

/** Refuses the username and key parameters, which the GDPR-era API no longer takes. */
export function refuseLegacyIdentifiers(query: { username?: unknown; key?: unknown }): void {
  const legacy = ['username', 'key'].filter((name) => query[name as 'username' | 'key'] !== undefined);
  if (legacy.length > 0) {
    throw new VeilError(
      'request.invalid',
      'The username and key query parameters are no longer available; identify users by accountId',
      legacy.map((name) => ({ path: name, message: 'is no longer available; use accountId' })),
    );
  }
}

/** A single accountId parameter that must be present and well formed. */
export function readAccountIdParameter(raw: string | undefined): string {
  if (raw === undefined || raw === '') {
    throw new VeilError('request.invalid', 'The accountId query parameter needs to be provided', [
      { path: 'accountId', message: 'is required' },
    ]);
  }
  if (!isValidAccountId(raw)) {
    throw new VeilError('account.invalid_id', 'accountId must be 1 to 128 letters, digits, "-" or ":"', [
      { path: 'accountId', message: 'is not an accountId' },
    ]);
  }
  return raw;
}

function requestUrl(request: FastifyRequest, baseUrl: string): string {
  return `${baseUrl}${request.url}`;
}

const userQuery = Type.Object({
  accountId: Type.Optional(Type.String()),
  username: Type.Optional(Type.String()),
  key: Type.Optional(Type.String()),
  expand: Type.Optional(Type.String()),
});

/** `GET /user`, `/user/bulk`, `/myself` and `/user/groups` of the tracker, v2 and v3. */
export function registerTrackerUserRoutes(app: VeilApp, deps: Dependencies) {
  const { directory } = deps;
  for (const version of trackerVersions) {
    const tags = [`tracker v${version}`];
    app.get(
      `/rest/api/${version}/user`,
      {
        schema: {
          tags,
          summary: 'Get user',
          querystring: userQuery,
          response: { 200: TrackerUser, ...trackerErrors },
        },
      },
      async (request) => {
        const site = requireSiteAccess(request, directory);
        refuseLegacyIdentifiers(request.query);
        const entry = requireSiteAccount(directory, site, readAccountIdParameter(request.query.accountId));
        return renderTrackerUser(directory, entry, request.caller.viewer, site, {
          version,
          expand: readExpand(request.query.expand),
        });
      },
    );

    app.get(
      `/rest/api/${version}/user/bulk`,
      {
        schema: {
          tags,
          summary: 'Bulk get users',
          querystring: Type.Object({
            accountId: Type.Optional(Type.Array(Type.String())),
            username: Type.Optional(Type.Array(Type.String())),
            key: Type.Optional(Type.Array(Type.String())),
            startAt: Type.Optional(Type.Integer()),
            maxResults: Type.Optional(Type.Integer()),
          }),
          response: { 200: PageBeanUser, ...trackerErrors },
        },
      },
      async (request) => {
        const site = requireSiteAccess(request, directory);
        refuseLegacyIdentifiers(request.query);
        const ids = [...new Set(readMultiValue(request.query.accountId, 'accountId'))];
        if (ids.length === 0) {
          throw new VeilError('request.invalid', 'The accountId query parameter needs to be provided', [
            { path: 'accountId', message: 'is required' },
          ]);
        }
        const { startAt, maxResults } = readPage(request.query, { maxResults: 10, cap: 200 });
        const entries = ids.flatMap((id) => {
          const entry = directory.entry(id);
          return entry?.links.has(site.id) ? [entry] : [];
        });
        const values = entries.slice(startAt, startAt + maxResults);
        const isLast = startAt + values.length >= entries.length;
        const self = requestUrl(request, site.baseUrl);
        return {
          self,
          ...(isLast ? {} : { nextPage: withStartAt(self, startAt + maxResults) }),
          maxResults,
          startAt,
          total: entries.length,
          isLast,
          values: values.map((entry) =>
            renderTrackerUser(directory, entry, request.caller.viewer, site, { version }),
          ),
        };
      },
    );

    app.get(
      `/rest/api/${version}/myself`,
      {
        schema: {
          tags,
          summary: 'Get current user',
          querystring: Type.Object({ expand: Type.Optional(Type.String()) }),
          response: { 200: TrackerUser, ...trackerErrors },
        },
      },
      async (request) => {
        const site = requireSiteAccess(request, directory);
        const caller = requirePerson(request.caller);
        const entry = directory.entry(caller.account.accountId);
        if (!entry) throw new VeilError('auth.required', 'You are not logged in');
        return renderTrackerUser(directory, entry, caller.viewer, site, {
          version,
          expand: readExpand(request.query.expand),
        });
      },
    );

    app.get(
      `/rest/api/${version}/user/groups`,
      {
        schema: {
          tags,
          summary: 'Get user groups',
          querystring: userQuery,
          response: { 200: Type.Array(GroupName), ...trackerErrors },
        },
      },
      async (request) => {
        const site = requireSiteAccess(request, directory);
        refuseLegacyIdentifiers(request.query);
        const entry = requireSiteAccount(directory, site, readAccountIdParameter(request.query.accountId));
        return (entry.links.get(site.id)?.groups ?? []).map((g) => ({
          name: g.name,
          groupId: g.groupId,
          self: `${site.baseUrl}/rest/api/${version}/group?groupId=${g.groupId}`,
        }));
      },
    );
  }
}

/** The same URL with `startAt` set, for `nextPage`. */
export function withStartAt(url: string, startAt: number): string {
  const parsed = new URL(url);
  parsed.searchParams.set('startAt', String(startAt));
  return parsed.toString();
}
