/**
 * The parser's reading position over the token list, with the small moves it is made of. A syntax error
 * is thrown as a JqlSyntaxFailure and turned into a result at the parser's entry point.
 */
import type { JqlSourceMap, JqlSyntaxError } from './jql.ast.ts';
import { createJqlSyntaxError, type JqlKeyword, type JqlSymbol, type JqlToken } from './jql.lexer.ts';
import { createJqlSizeError, maxJqlClauses } from './jql.limits.ts';

/** Where the parser is, plus how deep it is inside parentheses (for error hints) and nesting (for the limit). */
export interface JqlCursor {
  readonly text: string;
  readonly tokens: readonly JqlToken[];
  index: number;
  parentheses: number;
  nesting: number;
  /** How many clauses have been read so far (for the size limit). */
  clauses: number;
  /** Filled in when the caller wants to know where values are (see `parseJqlWithSourceMap`). */
  readonly sourceMap?: JqlSourceMap;
}

// Deep nesting is refused rather than left to overflow the stack on hostile input.
const maxNesting = 200;

/** Counts one more clause, refusing to go past the size limit. */
export function countClause(state: JqlCursor, at: JqlToken): void {
  state.clauses += 1;
  if (state.clauses > maxJqlClauses) {
    throw new JqlSyntaxFailure(createJqlSizeError({ name: 'clauses', max: maxJqlClauses }, at.start));
  }
}

/** Carries a syntax error out of the recursive descent. */
export class JqlSyntaxFailure extends Error {
  readonly syntaxError: JqlSyntaxError;

  constructor(syntaxError: JqlSyntaxError) {
    super(syntaxError.message);
    this.syntaxError = syntaxError;
  }
}

/** Runs `parse` one nesting level deeper, refusing to go past the limit. */
export function parseNested<T>(state: JqlCursor, opener: JqlToken, parse: () => T): T {
  state.nesting += 1;
  if (state.nesting > maxNesting) {
    failWith(state, opener.start, `The query nests deeper than ${maxNesting} levels.`, []);
  }
  const result = parse();
  state.nesting -= 1;
  return result;
}

/** The next token, without moving. */
export function peek(state: JqlCursor): JqlToken {
  return peekAhead(state, 0);
}

/** The token `offset` places ahead, without moving. */
export function peekAhead(state: JqlCursor, offset: number): JqlToken {
  // The token list always ends with an `end` token, so reading past it returns that token.
  const index = Math.min(state.index + offset, state.tokens.length - 1);
  return state.tokens[index]!;
}

/** Moves past the next token and returns it. */
export function advance(state: JqlCursor): JqlToken {
  const token = peek(state);
  if (token.kind !== 'end') state.index += 1;
  return token;
}

/** Whether a token is the given keyword. */
export function isKeyword(token: JqlToken, keyword: JqlKeyword): boolean {
  return token.kind === 'keyword' && token.value === keyword;
}

/** Whether a token is the given symbol. */
export function isSymbol(token: JqlToken, symbol: JqlSymbol): boolean {
  return token.kind === 'symbol' && token.value === symbol;
}

/** Moves past the keyword if it comes next; says whether it did. */
export function acceptKeyword(state: JqlCursor, keyword: JqlKeyword): boolean {
  if (!isKeyword(peek(state), keyword)) return false;
  advance(state);
  return true;
}

/** Moves past the symbol if it comes next; says whether it did. */
export function acceptSymbol(state: JqlCursor, symbol: JqlSymbol): boolean {
  if (!isSymbol(peek(state), symbol)) return false;
  advance(state);
  return true;
}

/** Moves past the keyword, or fails saying what was expected. */
export function expectKeyword(state: JqlCursor, keyword: JqlKeyword, expected: readonly string[]): void {
  if (!acceptKeyword(state, keyword)) failAt(state, peek(state), expected);
}

/** Moves past the symbol, or fails saying what was expected. */
export function expectSymbol(state: JqlCursor, symbol: JqlSymbol, expected: readonly string[]): void {
  if (!acceptSymbol(state, symbol)) failAt(state, peek(state), expected);
}

/** Fails at a token with "Expecting … but got …". */
export function failAt(state: JqlCursor, token: JqlToken, expected: readonly string[]): never {
  const got = token.kind === 'end' ? 'the end of the query' : `'${state.text.slice(token.start, token.end)}'`;
  return failWith(
    state,
    token.start,
    `Expecting ${describeAlternatives(expected)} but got ${got}.`,
    expected,
  );
}

/** Fails at a position with a given explanation. */
export function failWith(
  state: JqlCursor,
  position: number,
  detail: string,
  expected: readonly string[],
): never {
  throw new JqlSyntaxFailure(createJqlSyntaxError(state.text, position, detail, expected));
}

/** Lists alternatives as Jira's messages do: "either 'AND' or 'OR'". */
export function describeAlternatives(expected: readonly string[]): string {
  // Descriptions ("field name") read as prose; literal tokens ("AND", ")") are quoted as Jira does.
  const shown = expected.map((item) => (/^[a-z ]+$/.test(item) ? item : `'${item}'`));
  if (shown.length <= 1) return shown[0] ?? 'something else';
  return `${shown.length === 2 ? 'either' : 'one of'} ${shown.slice(0, -1).join(', ')} or ${shown.at(-1)}`;
}
