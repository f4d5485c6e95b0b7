/**
 * `GET` and `POST /jql/autocompletedata` (the fields, functions and reserved words of JQL) and
 * `GET /jql/autocompletedata/suggestions` (values for a field). User suggestions are a user search:
 * they match only what the caller may see of each person (the one decision), and a caller who may not
 * browse users gets none, as with `/user/search`.
 */
import { Type } from 'typebox';
import type { Caller } from '../auth/caller.ts';
import type { Directory } from '../directory/directory.ts';
import type { VeilApp } from '../http/server.ts';
import type { Site } from '../sites/sites.model.ts';
import { requireSiteAccess } from '../user-api/request-context.ts';
import { trackerErrors } from '../user-api/tracker-user.schemas.ts';
import { jqlReferenceData, userFieldNames } from './jql-reference.ts';
import { highlightUserHtml } from './user-search.highlight.ts';
import { mayBrowseProjects, mayBrowseUsers } from './user-search.scopes.ts';
import { findSiteUsers, normalizeQuery } from './user-search.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps {
  readonly directory: Directory;
}

const Suggestion = Type.Object({ value: Type.String(), displayName: Type.String() });
const Suggestions = Type.Object({ results: Type.Array(Suggestion) });
const SuggestionQuery = Type.Object({
  fieldName: Type.Optional(Type.String()),
  fieldValue: Type.Optional(Type.String()),
  predicateName: Type.Optional(Type.String()),
  predicateValue: Type.Optional(Type.String()),
});
const ReferenceData = Type.Object({
  visibleFieldNames: Type.Array(
    Type.Record(Type.String(), Type.Union([Type.String(), Type.Array(Type.String())])),
  ),
  visibleFunctionNames: Type.Array(
    Type.Record(Type.String(), Type.Union([Type.String(), Type.Array(Type.String())])),
  ),
  jqlReservedWords: Type.Array(Type.String()),
});

/** The most suggestions one call gives. */
const suggestionLimit = 15;

/** `text` escaped, with where it starts with `typed` in `<b>`, as the tracker highlights suggestions. */
function bold(text: string, typed: string): string {
  return highlightUserHtml(text, undefined, typed, null)
    .replaceAll('<strong>', '<b>')
    .replaceAll('</strong>', '</b>');
}

async function suggestPeople(directory: Directory, caller: Caller, site: Site, typed: string) {
  if (!(await mayBrowseUsers(directory, caller, site))) return [];
  const query = normalizeQuery(typed);
  const matches = await findSiteUsers(directory, {
    site,
    viewer: caller.viewer,
    criterion: query === '' ? { kind: 'everyone' } : { kind: 'prefix', query },
    startAt: 0,
    maxResults: suggestionLimit,
  });
  return matches.map(({ view }) => ({ value: view.accountId, displayName: bold(view.displayName, query) }));
}

async function suggestFor(directory: Directory, caller: Caller, site: Site, field: string, typed: string) {
  const name = field.toLowerCase();
  if (userFieldNames.has(name)) return suggestPeople(directory, caller, site, typed);
  const query = normalizeQuery(typed);
  const values =
    name === 'project'
      ? (await mayBrowseProjects(directory, caller, site))
        ? site.projects.map((p) => ({ value: p.key, label: `${p.name} (${p.key})` }))
        : []
      : name === 'status'
        ? ['To Do', 'In Progress', 'Done'].map((s) => ({ value: `"${s}"`, label: s }))
        : [];
  return values
    .filter(
      (v) =>
        query === '' ||
        normalizeQuery(v.label)
          .split(/[\s()]+/)
          .some((w) => w.startsWith(query)),
    )
    .slice(0, suggestionLimit)
    .map((v) => ({ value: v.value, displayName: bold(v.label, query) }));
}

/** The two autocomplete operations of the tracker, v2 and v3. */
export function registerJqlAutocompleteRoutes(app: VeilApp, deps: Deps) {
  for (const version of ['2', '3'] as const) {
    const tags = [`tracker v${version}`];
    const base = `/rest/api/${version}/jql/autocompletedata`;
    app.get(
      base,
      {
        schema: {
          tags,
          summary: 'Get field reference data (GET)',
          response: { 200: ReferenceData, ...trackerErrors },
        },
      },
      async (request) => {
        await requireSiteAccess(request, deps.directory);
        return jqlReferenceData;
      },
    );
    registerReferencePost(app, deps, base, tags);
    app.get(
      `${base}/suggestions`,
      {
        schema: {
          tags,
          summary: 'Get field auto complete suggestions',
          querystring: SuggestionQuery,
          response: { 200: Suggestions, ...trackerErrors },
        },
      },
      async (request) => {
        const site = await requireSiteAccess(request, deps.directory);
        const { fieldName, fieldValue } = request.query;
        if (fieldName === undefined) return { results: [] };
        return {
          results: await suggestFor(deps.directory, request.caller, site, fieldName, fieldValue ?? ''),
        };
      },
    );
  }
}

/** `POST /jql/autocompletedata`: the same reference data (Veil's fields are the same in every project). */
function registerReferencePost(app: VeilApp, deps: Deps, base: string, tags: string[]) {
  app.post(
    base,
    {
      schema: {
        tags,
        summary: 'Get field reference data (POST): the same fields for every project',
        body: Type.Object(
          {
            includeCollapsedFields: Type.Optional(Type.Boolean()),
            projectIds: Type.Optional(Type.Array(Type.Integer(), { maxItems: 1000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: ReferenceData, ...trackerErrors },
      },
    },
    async (request) => {
      await requireSiteAccess(request, deps.directory);
      return jqlReferenceData;
    },
  );
}
