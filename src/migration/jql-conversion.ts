/**
 * The JQL converter of `/jql/pdcleaner`: every user reference in a query (see jql/jql.users.ts) becomes
 * the accountId it names on the site; one that names no one the caller may find becomes `unknown`.
 */

import { setImmediate as yieldToOtherRequests } from 'node:timers/promises';
import { isDeepStrictEqual } from 'node:util';
import type { Directory } from '../directory/directory.ts';
import { type ErrorDetail, VeilError } from '../errors/veil-error.ts';
import type { JqlQuery, JqlSourceMap, JqlSyntaxError } from '../jql/jql.ast.ts';
import { parseJqlWithSourceMap, parseOwnJql } from '../jql/jql.parser.ts';
import { printJql } from '../jql/jql.printer.ts';
import { rewriteJqlInPlace } from '../jql/jql.rewrite.ts';
import {
  convertUserReferences,
  type JqlUserOptions,
  listUserPositions,
  unknownAccountId,
} from '../jql/jql.users.ts';
import type { Site } from '../sites/sites.model.ts';
import { findByLegacyIdentifier } from '../user-api/legacy-request.ts';
import type { Viewer } from '../visibility/visibility.ts';

/** The most queries one call converts (the spec's limit). */
export const maxQueriesPerConversion = 100;

export interface ConvertedQueries {
  readonly queryStrings: string[];
  readonly queriesWithUnknownUsers: { originalQuery: string; convertedQuery: string }[];
}

/** The site's user fields in the converter's form: `cf[10010]` and the lower-case name of each. */
export function userFieldOptionsOf(site: Site): JqlUserOptions {
  return {
    userFields: new Set(site.userFields.flatMap((field) => [`cf[${field.id}]`, field.name.toLowerCase()])),
  };
}

/**
 * The accountId a reference names on the site, for this viewer: an accountId of the site stays as it
 * is; otherwise a username (case-insensitively), then a userKey, whose owner the viewer may find.
 */
export async function resolveUserReference(
  directory: Directory,
  site: Site,
  viewer: Viewer,
  reference: string,
): Promise<string | null> {
  if ((await directory.entry(reference))?.links.has(site.id)) return reference;
  const entry =
    (await findByLegacyIdentifier(directory, site, viewer, 'username', reference)) ??
    (await findByLegacyIdentifier(directory, site, viewer, 'key', reference));
  return entry?.account.accountId ?? null;
}

/** Where and why a query of the batch does not parse, in the tracker's words. */
function describeSyntaxError(index: number, error: JqlSyntaxError): ErrorDetail {
  // The message says where (line and character) and what was expected there.
  return { path: `queryStrings[${index}]`, message: error.message };
}

/**
 * Refuses a batch with a query over a size bound (`jql.too_large`, naming the bound), before any work
 * on the others; a query within the bounds that does not parse is left to `parseAll`.
 */
export function assertJqlWithinLimits(
  results: readonly { readonly ok: boolean; readonly error?: JqlSyntaxError }[],
  path: string,
): void {
  const details = results.flatMap((result, index) =>
    result.error?.limit ? [{ path: `${path}[${index}]`, message: result.error.message }] : [],
  );
  if (details.length === 0) return;
  throw new VeilError('jql.too_large', details.map((d) => `${d.path}: ${d.message}`).join(' '), details);
}

/** Parses every query (with where its values are), or fails with `jql.invalid` listing each one that does not parse. */
function parseAll(queries: readonly string[]) {
  const parsed: { query: JqlQuery; sourceMap: JqlSourceMap }[] = [];
  const problems: ErrorDetail[] = [];
  const results = queries.map((text) => parseJqlWithSourceMap(text));
  assertJqlWithinLimits(results, 'queryStrings');
  for (const [index, result] of results.entries()) {
    if (result.ok) parsed.push(result);
    else problems.push(describeSyntaxError(index, result.error));
  }
  if (problems.length > 0) {
    // The real API refuses a batch with malformed JQL; unknown users never fail it.
    const summary = problems.map((p) => `${p.path}: ${p.message}`).join(' ');
    throw new VeilError('jql.invalid', `The JQL could not be converted. ${summary}`, problems);
  }
  return parsed;
}

/**
 * The converted text: the original with each changed user reference replaced where it stands, so the
 * rest keeps its spelling (as the spec's example keeps `order by`); printed anew only if that does not
 * read back as the converted tree.
 */
function convertText(
  original: string,
  parsed: { query: JqlQuery; sourceMap: JqlSourceMap },
  converted: JqlQuery,
  replacementOf: (reference: string) => string,
  options: JqlUserOptions,
): string {
  const edits = listUserPositions(parsed.query, options).flatMap(({ reference, position }) => {
    const replacement = replacementOf(reference);
    return replacement === reference ? [] : [{ position, replacement }];
  });
  if (edits.length === 0) return original;
  const rewritten = rewriteJqlInPlace(original, parsed.sourceMap, edits);
  const reread = rewritten === null ? null : parseOwnJql(rewritten);
  return reread?.ok && isDeepStrictEqual(reread.query, converted)
    ? (rewritten as string)
    : printJql(converted);
}

/**
 * Converts a batch. Queries whose users are all found come back converted in `queryStrings`, in the
 * order given; a query with a user that is not found comes back only in `queriesWithUnknownUsers`, as
 * the spec's example shows. Only user references change: a query with nothing to convert comes back
 * exactly as it was written, and a converted one keeps its spelling everywhere else. Other requests get
 * their turn between two queries, so a full batch never holds the process for more than one query's work.
 */
export async function convertQueries(
  directory: Directory,
  site: Site,
  viewer: Viewer,
  queries: readonly string[],
): Promise<ConvertedQueries> {
  if (queries.length > maxQueriesPerConversion) {
    throw new VeilError(
      'request.invalid',
      `At most ${maxQueriesPerConversion} queries can be converted at once`,
      [
        {
          path: 'queryStrings',
          message: `has ${queries.length} queries; the limit is ${maxQueriesPerConversion}`,
        },
      ],
    );
  }
  const options = userFieldOptionsOf(site);
  const result: ConvertedQueries = { queryStrings: [], queriesWithUnknownUsers: [] };
  for (const [index, parsed] of parseAll(queries).entries()) {
    if (index > 0) await yieldToOtherRequests();
    const original = queries[index] ?? '';
    // Each reference is resolved once, so the tree and the text agree.
    const resolved = await resolveReferences(directory, site, viewer, parsed.query, options);
    const resolve = (reference: string) => resolved.get(reference) ?? null;
    const conversion = convertUserReferences(parsed.query, resolve, options);
    const replacementOf = (reference: string) =>
      reference === unknownAccountId ? reference : (resolve(reference) ?? unknownAccountId);
    const converted = convertText(original, parsed, conversion.query, replacementOf, options);
    if (conversion.unknownUsers.length > 0)
      result.queriesWithUnknownUsers.push({ originalQuery: original, convertedQuery: converted });
    else result.queryStrings.push(converted);
  }
  return result;
}

/** The accountId each user reference of a query names (null: none), found before the query is converted. */
async function resolveReferences(
  directory: Directory,
  site: Site,
  viewer: Viewer,
  query: Parameters<typeof convertUserReferences>[0],
  options: Parameters<typeof convertUserReferences>[2],
): Promise<Map<string, string | null>> {
  const references = new Set<string>();
  // A dry run (the conversion is pure) lists the references; they are then looked up together.
  convertUserReferences(
    query,
    (reference) => {
      references.add(reference);
      return null;
    },
    options,
  );
  const resolved = new Map<string, string | null>();
  for (const reference of references) {
    resolved.set(reference, await resolveUserReference(directory, site, viewer, reference));
  }
  return resolved;
}
