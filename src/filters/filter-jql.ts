/**
 * A filter's JQL as it is kept: parsed and checked against the site like a search (400 naming the
 * problem), with every person it names an accountId of the site. In the legacy stage a username or
 * userKey the caller may find is rewritten to its accountId before the query is stored; outside it, a
 * user value that is not an accountId of the site is refused.
 */
import { VeilError } from '../errors/veil-error.ts';
import { parseSearchJql } from '../issues/issue-search.service.ts';
import { validateSearchJql } from '../issues/issue-search.validation.ts';
import { listUserReferences } from '../jql/jql.users.ts';
import { convertQueries, userFieldOptionsOf } from '../migration/jql-conversion.ts';
import type { IdentityContext } from '../user-api/legacy-request.ts';
import type { FilterDeps, FilterRequest } from './filters.context.ts';

const invalidJql = (message: string) => new VeilError('jql.invalid', message, [{ path: 'jql', message }]);

/** The query to store for `text`: checked, with accountIds in every user position. */
export async function readFilterJql(
  deps: FilterDeps,
  context: FilterRequest,
  identity: IdentityContext,
  text: string,
): Promise<string> {
  if (text.trim() === '') return '';
  const query = parseSearchJql(text);
  const problems = await validateSearchJql(deps.db, context.site, query);
  if (problems[0] !== undefined) throw invalidJql(problems[0]);
  const references = listUserReferences(query, userFieldOptionsOf(context.site));
  const entries = await deps.directory.entries(references);
  const strangers = references.filter((ref) => !entries.get(ref)?.links.has(context.site.id));
  if (strangers.length === 0) return text;
  if (!identity.legacy)
    throw invalidJql(
      `The user '${strangers[0]}' does not exist on this site; JQL names people by accountId.`,
    );
  identity.noteLegacyUse(false);
  const converted = await convertQueries(deps.directory, context.site, context.viewer, [text]);
  const unknown = converted.queriesWithUnknownUsers[0];
  if (unknown !== undefined || converted.queryStrings[0] === undefined)
    throw invalidJql(
      `The query names users that do not exist on this site: ${unknown?.convertedQuery ?? text}`,
    );
  return converted.queryStrings[0];
}
