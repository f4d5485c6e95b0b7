/**
 * How big a query Veil reads. Parsing and converting are linear in the text, and these bounds keep
 * one query's work small (a few milliseconds), so no client can hold the process with a huge one.
 * Pure: no I/O.
 */
import type { JqlSizeLimit, JqlSyntaxError } from './jql.ast.ts';

/** The longest query text read, in characters (a hand-written filter is rarely over a few hundred). */
export const maxJqlCharacters = 20_000;

/** The most clauses (`field operator value` terms) one query may hold. */
export const maxJqlClauses = 1_000;

/** The error for a query over a size bound; its message names the bound and its value. */
export function createJqlSizeError(limit: JqlSizeLimit, position: number): JqlSyntaxError {
  const message =
    limit.name === 'characters'
      ? `The JQL query is longer than ${limit.max} characters, the most Veil reads (maxJqlCharacters).`
      : `The JQL query has more than ${limit.max} clauses, the most Veil reads (maxJqlClauses).`;
  return { position, message, expected: [], limit };
}

/** The size error for a text that is too long, read before any parsing; null when it is within the bound. */
export function checkJqlLength(text: string): JqlSyntaxError | null {
  if (text.length <= maxJqlCharacters) return null;
  return createJqlSizeError({ name: 'characters', max: maxJqlCharacters }, maxJqlCharacters);
}
