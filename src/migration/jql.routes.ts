import { setImmediate as yieldToOtherRequests } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import type { Database } from '../db/schema.ts';
import type { Directory } from '../directory/directory.ts';
import { VeilError } from '../errors/veil-error.ts';
import type { VeilApp } from '../http/server.ts';
import { validateSearchJql } from '../issues/issue-search.validation.ts';
import { parseJql } from '../jql/jql.parser.ts';
import { describeJqlStructure } from '../jql/jql.structure.ts';
import { requireSignedIn, requireSiteAccess } from '../user-api/request-context.ts';
import { trackerErrors } from '../user-api/tracker-user.schemas.ts';
import { assertJqlWithinLimits, convertQueries } from './jql-conversion.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps {
  readonly directory: Directory;
  readonly db: Kysely<Database>;
}

const ConvertedJqlQueries = Type.Object({
  queryStrings: Type.Array(Type.String()),
  queriesWithUnknownUsers: Type.Array(
    Type.Object({ originalQuery: Type.String(), convertedQuery: Type.String() }),
  ),
});

/** The spec's `JqlQuery` tree is recursive and wide; its shape is checked by the spec tests, so it passes as is. */
const ParsedJqlQueries = Type.Object({
  queries: Type.Array(
    Type.Object({
      query: Type.String(),
      structure: Type.Optional(Type.Unknown()),
      errors: Type.Optional(Type.Array(Type.String())),
      warnings: Type.Optional(Type.Array(Type.String())),
    }),
  ),
});

/** `POST /rest/api/3/jql/pdcleaner` (convert user references) and `POST /rest/api/3/jql/parse`. */
export function registerJqlRoutes(app: VeilApp, deps: Deps) {
  registerPdcleaner(app, deps);
  registerJqlParse(app, deps);
}

/** `POST /rest/api/3/jql/pdcleaner`: usernames and user keys in JQL queries converted to accountIds. */
function registerPdcleaner(app: VeilApp, deps: Deps) {
  const { directory } = deps;
  const tags = ['tracker v3'];
  app.post(
    '/rest/api/3/jql/pdcleaner',
    {
      // A conversion writes nothing, so it need not wait for the directory to sync. It spends the
      // caller's JQL budget (see src/rate-limits), checked before its body is read.
      config: { readOnly: true, jqlBudget: true },
      schema: {
        tags,
        summary: 'Convert usernames and user keys in JQL queries to account IDs (up to 100 queries)',
        body: Type.Object(
          { queryStrings: Type.Optional(Type.Array(Type.String())) },
          { additionalProperties: false },
        ),
        response: { 200: ConvertedJqlQueries, ...trackerErrors },
      },
    },
    async (request) => {
      const site = await requireSiteAccess(request, directory);
      requireSignedIn(request);
      const queries = request.body.queryStrings;
      if (queries === undefined) {
        throw new VeilError('request.invalid', 'The queries have to be provided.', [
          { path: 'queryStrings', message: 'is required' },
        ]);
      }
      return convertQueries(directory, site, request.caller.viewer, queries);
    },
  );
}

/** `POST /rest/api/3/jql/parse`: the structure of each query, or where and why it does not parse. */
function registerJqlParse(app: VeilApp, deps: Deps) {
  const { directory } = deps;
  const tags = ['tracker v3'];
  app.post(
    '/rest/api/3/jql/parse',
    {
      config: { readOnly: true, jqlBudget: true },
      schema: {
        tags,
        summary: 'Parse JQL queries: their structure, or where and why they do not parse (syntax only)',
        querystring: Type.Object({
          validation: Type.Union([Type.Literal('strict'), Type.Literal('warn'), Type.Literal('none')], {
            default: 'strict',
            description:
              'strict: errors only when the query names a field, function or project the site lacks; warn: the errors and the structure; none: syntax only',
          }),
        }),
        body: Type.Object(
          { queries: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }) },
          { additionalProperties: false },
        ),
        response: { 200: ParsedJqlQueries, ...trackerErrors },
      },
    },
    async (request) => {
      const site = await requireSiteAccess(request, directory);
      const { queries } = request.body;
      const results = [];
      for (const query of queries) {
        // Other requests get their turn between two queries (each is bounded in size).
        if (results.length > 0) await yieldToOtherRequests();
        results.push(parseJql(query));
      }
      // A query over a size bound fails the call (400), as a batch too large would; bad syntax does not.
      assertJqlWithinLimits(results, 'queries');
      const validation = request.query.validation;
      const answers = [];
      for (const [index, result] of results.entries()) {
        const query = queries[index] ?? '';
        if (!result.ok) {
          answers.push({ query, errors: [result.error.message] });
          continue;
        }
        const structure = describeJqlStructure(result.query);
        const errors = validation === 'none' ? [] : await validateSearchJql(deps.db, site, result.query);
        if (errors.length === 0) answers.push({ query, structure });
        else answers.push(validation === 'strict' ? { query, errors } : { query, structure, errors });
      }
      return { queries: answers };
    },
  );
}
