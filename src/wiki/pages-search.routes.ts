/**
 * `GET /wiki/rest/api/content/search?cql=…`: the content CQL Veil answers, AND-joined `id =`, `space =`
 * (or `space.key =`), `type =` (page or comment, page when not given) and `title =`; anything else is a
 * 400 naming it. Rendered as `GET /content` renders, with `expand`.
 */
import { Type } from 'typebox';
import { VeilError } from '../errors/veil-error.ts';
import type { VeilApp } from '../http/server.ts';
import { ListParameter, readExpand } from '../user-api/params.ts';
import { wikiLinks } from '../user-api/wiki-user.representation.ts';
import { wikiErrors } from '../user-api/wiki-user.schemas.ts';
import { loadContentContext } from './page-reads.service.ts';
import { renderContentV1 } from './pages.representation.ts';
import { ContentArrayV1 } from './pages.schemas.ts';
import { listContent } from './pages.service.ts';
import { type CqlClause, CqlProblem, readCqlClauses } from './user-search.cql.ts';
import { pathUnderWiki } from './wiki.context.ts';
import type { ContentFilter } from './wiki.repository.ts';
import { type Deps, readWikiRequest } from './wiki-request.ts';

export type { Deps } from './wiki-request.ts';

const SearchQuery = Type.Object({
  cql: Type.String({ maxLength: 5000 }),
  cqlcontext: Type.Optional(Type.String({ maxLength: 5000 })),
  expand: ListParameter,
  cursor: Type.Optional(Type.String({ maxLength: 100 })),
  limit: Type.Integer({ minimum: 0, maximum: 250, default: 25 }),
});

const unsupported = (message: string) =>
  new VeilError('cql.unsupported', `Unsupported CQL: ${message}`, [{ path: 'cql', message }]);

/** The filter one clause sets. */
function filterOf({ field, op, value }: CqlClause): Partial<Record<keyof ContentFilter, string>> {
  if (op !== '=') throw unsupported(`${field} ${op} (content search answers = only)`);
  if (field === 'id') return { id: value };
  if (field === 'space' || field === 'space.key') return { spaceKey: value };
  if (field === 'title') return { title: value };
  if (field === 'type' && (value === 'page' || value === 'comment')) return { type: value };
  throw unsupported(`${field} = ${value} (use id, space, type = page|comment or title)`);
}

/** The content filter of a CQL query, or the wiki's 400 naming what it cannot answer. */
function readContentCql(cql: string): ContentFilter {
  let clauses: CqlClause[];
  try {
    clauses = readCqlClauses(cql);
  } catch (error) {
    if (error instanceof CqlProblem) throw unsupported(error.message.replace(/^Unsupported CQL: /, ''));
    throw error;
  }
  if (clauses.length === 0) throw unsupported('the query is empty');
  const filter = Object.assign({ type: 'page' }, ...clauses.map(filterOf));
  return filter as ContentFilter;
}

/** `GET /wiki/rest/api/content/search`. */
export function registerWikiContentSearchRoutes(app: VeilApp, deps: Deps) {
  app.get(
    '/wiki/rest/api/content/search',
    {
      schema: {
        tags: ['wiki v1'],
        summary: 'Search content by CQL',
        querystring: SearchQuery,
        response: { 200: ContentArrayV1, ...wikiErrors },
      },
    },
    async (request) => {
      const wiki = await readWikiRequest(request, deps, 'read');
      const { cql, limit, cursor } = request.query;
      const start = cursor && /^[0-9]{1,9}$/.test(cursor) ? Number(cursor) : 0;
      const found = (await listContent(deps.db, wiki.site, readContentCql(cql), { start, limit })).slice(
        0,
        limit,
      );
      const context = await loadContentContext(deps.db, wiki, found, readExpand(request.query.expand));
      const results = found.map((content) => renderContentV1(content, context));
      return {
        results,
        start,
        limit,
        size: results.length,
        _links: wikiLinks(wiki.site, pathUnderWiki(request)),
      };
    },
  );
}
