/**
 * A recursive-descent JQL parser following Jira's grammar: OR binds loosest, then AND, then NOT; history
 * predicates are allowed after WAS and CHANGED only; ORDER BY comes last. It checks syntax only (whether a
 * field exists or an operator suits it is the validator's business, as in Jira).
 */
import {
  type JqlClause,
  type JqlCompareOperator,
  type JqlCustomField,
  type JqlField,
  type JqlHistoryOperator,
  type JqlHistoryPredicate,
  type JqlParseResult,
  type JqlQuery,
  type JqlSort,
  type JqlSourceMap,
  type JqlSyntaxError,
  type JqlWasOperator,
  jqlCompareOperators,
  jqlHistoryOperators,
  jqlWasOperators,
} from './jql.ast.ts';
import {
  acceptKeyword,
  acceptSymbol,
  advance,
  countClause,
  expectKeyword,
  expectSymbol,
  failAt,
  failWith,
  isKeyword,
  isSymbol,
  type JqlCursor,
  JqlSyntaxFailure,
  parseNested,
  peek,
} from './jql.cursor.ts';
import { isJqlNumberInRange, tokenizeJql } from './jql.lexer.ts';
import { checkJqlLength } from './jql.limits.ts';
import { parseArgument, parseOperand } from './jql.operands.ts';

const compareSymbols: ReadonlySet<string> = new Set(['=', '!=', '~', '!~', '<', '<=', '>', '>=']);
const historyOperators: ReadonlySet<string> = new Set(jqlHistoryOperators);
const operatorNames = [...jqlCompareOperators, ...jqlWasOperators, 'changed'].map((name) =>
  name.toUpperCase(),
);

/** Parses JQL text into a query tree, or says where and why it is not valid JQL. */
export function parseJql(text: string): JqlParseResult {
  return parseWith(text, undefined);
}

/**
 * Parses a query Veil wrote itself (a converted one, checked against its tree): accountIds are longer
 * than the usernames they replace, so it may be over the length bound on what clients send.
 */
export function parseOwnJql(text: string): JqlParseResult {
  return parseWith(text, undefined, false);
}

/** Like `parseJql`, and also where each value and function argument of the tree is in the text. */
export function parseJqlWithSourceMap(
  text: string,
):
  | { readonly ok: true; readonly query: JqlQuery; readonly sourceMap: JqlSourceMap }
  | { readonly ok: false; readonly error: JqlSyntaxError } {
  const sourceMap: JqlSourceMap = { values: new WeakMap(), arguments: new WeakMap() };
  const result = parseWith(text, sourceMap, true);
  return result.ok ? { ...result, sourceMap } : result;
}

function parseWith(text: string, sourceMap: JqlSourceMap | undefined, bounded = true): JqlParseResult {
  // Length first, before a token is read: refusing a huge query costs nothing.
  const tooLong = bounded ? checkJqlLength(text) : null;
  if (tooLong) return { ok: false, error: tooLong };
  const lexed = tokenizeJql(text);
  if (!lexed.ok) return lexed;
  const state: JqlCursor = {
    text,
    tokens: lexed.tokens,
    index: 0,
    parentheses: 0,
    nesting: 0,
    clauses: 0,
    ...(sourceMap ? { sourceMap } : {}),
  };
  try {
    return { ok: true, query: parseQuery(state) };
  } catch (failure) {
    if (failure instanceof JqlSyntaxFailure) return { ok: false, error: failure.syntaxError };
    throw failure;
  }
}

function parseQuery(state: JqlCursor): JqlQuery {
  const first = peek(state);
  const where = first.kind === 'end' || isKeyword(first, 'order') ? null : parseOrClause(state);
  if (isKeyword(peek(state), 'order')) return { where, orderBy: parseOrderBy(state) };
  if (peek(state).kind !== 'end') failAt(state, peek(state), expectedAfterClause(state));
  return { where, orderBy: [] };
}

function parseOrClause(state: JqlCursor): JqlClause {
  const clauses = [parseAndClause(state)];
  while (isKeyword(peek(state), 'or')) {
    advance(state);
    clauses.push(parseAndClause(state));
  }
  return clauses.length === 1 ? clauses[0]! : { kind: 'or', clauses };
}

function parseAndClause(state: JqlCursor): JqlClause {
  const clauses = [parseNotClause(state)];
  while (isKeyword(peek(state), 'and')) {
    advance(state);
    clauses.push(parseNotClause(state));
  }
  return clauses.length === 1 ? clauses[0]! : { kind: 'and', clauses };
}

function parseNotClause(state: JqlCursor): JqlClause {
  const token = peek(state);
  if (isKeyword(token, 'not') || isSymbol(token, '!')) {
    advance(state);
    return parseNested(state, token, () => ({ kind: 'not', clause: parseNotClause(state) }));
  }
  if (!isSymbol(token, '(')) return parseTerminalClause(state);
  advance(state);
  state.parentheses += 1;
  const clause = parseNested(state, token, () => parseOrClause(state));
  expectSymbol(state, ')', ['AND', 'OR', ')']);
  state.parentheses -= 1;
  return clause;
}

function parseTerminalClause(state: JqlCursor): JqlClause {
  countClause(state, peek(state));
  const field = parseField(state, ['field name', 'NOT', '(']);
  const operator = parseOperator(state);
  if (operator === 'changed') return { kind: 'changed', field, predicates: parseHistoryPredicates(state) };
  const operand = parseOperand(state);
  if (isWasOperator(operator)) {
    return { kind: 'was', field, operator, operand, predicates: parseHistoryPredicates(state) };
  }
  const next = peek(state);
  if (next.kind === 'keyword' && historyOperators.has(next.value)) {
    const detail = `History predicates such as '${next.value.toUpperCase()}' can only follow the WAS and CHANGED operators.`;
    failWith(state, next.start, detail, expectedAfterClause(state));
  }
  return { kind: 'compare', field, operator, operand };
}

function parseField(state: JqlCursor, expected: readonly string[]): JqlField {
  const token = peek(state);
  if (isKeyword(token, 'cf')) return parseCustomField(state);
  if (token.kind !== 'string' && token.kind !== 'number') return failAt(state, token, expected);
  advance(state);
  if (token.value === '') failWith(state, token.start, 'A field name cannot be empty.', ['field name']);
  if (!isSymbol(peek(state), '[')) return { kind: 'name', name: token.value, property: null };
  advance(state);
  const key = parseArgument(state, ['property key']);
  expectSymbol(state, ']', [']']);
  const path = peek(state);
  if (path.kind !== 'string' || !/^\.[^.]/.test(path.value)) return failAt(state, path, ['property path']);
  advance(state);
  return { kind: 'name', name: token.value, property: { key, path: path.value.slice(1) } };
}

function parseCustomField(state: JqlCursor): JqlCustomField {
  advance(state);
  expectSymbol(state, '[', ['[']);
  const id = peek(state);
  if (id.kind !== 'number' || id.value.startsWith('-') || !isJqlNumberInRange(id.value)) {
    return failAt(state, id, ['custom field id']);
  }
  advance(state);
  expectSymbol(state, ']', [']']);
  return { kind: 'customField', id: BigInt(id.value).toString() };
}

function parseOperator(state: JqlCursor): JqlCompareOperator | JqlWasOperator | 'changed' {
  const token = advance(state);
  if (token.kind === 'symbol' && compareSymbols.has(token.value)) return token.value as JqlCompareOperator;
  if (token.kind !== 'keyword') return failAt(state, token, operatorNames);
  switch (token.value) {
    case 'in':
    case 'changed':
      return token.value;
    case 'not':
      expectKeyword(state, 'in', ['IN']);
      return 'not in';
    case 'is':
      return acceptKeyword(state, 'not') ? 'is not' : 'is';
    case 'was': {
      const negated = acceptKeyword(state, 'not');
      if (acceptKeyword(state, 'in')) return negated ? 'was not in' : 'was in';
      return negated ? 'was not' : 'was';
    }
    default:
      return failAt(state, token, operatorNames);
  }
}

function parseHistoryPredicates(state: JqlCursor): JqlHistoryPredicate[] {
  const predicates: JqlHistoryPredicate[] = [];
  for (
    let token = peek(state);
    token.kind === 'keyword' && historyOperators.has(token.value);
    token = peek(state)
  ) {
    advance(state);
    predicates.push({ operator: token.value as JqlHistoryOperator, operand: parseOperand(state) });
  }
  return predicates;
}

function parseOrderBy(state: JqlCursor): JqlSort[] {
  advance(state);
  expectKeyword(state, 'by', ['BY']);
  const sorts: JqlSort[] = [];
  do {
    const field = parseField(state, ['field name']);
    const token = peek(state);
    const direction =
      token.kind === 'keyword' && (token.value === 'asc' || token.value === 'desc') ? token.value : null;
    if (direction !== null) advance(state);
    sorts.push({ field, direction });
  } while (acceptSymbol(state, ','));
  const next = peek(state);
  if (next.kind === 'end') return sorts;
  const directions = sorts.at(-1)?.direction === null ? ['ASC', 'DESC'] : [];
  return failAt(state, next, [...directions, ',', 'end of query']);
}

function expectedAfterClause(state: JqlCursor): string[] {
  return state.parentheses > 0 ? ['AND', 'OR', ')'] : ['AND', 'OR', 'ORDER BY', 'end of query'];
}

function isWasOperator(operator: JqlCompareOperator | JqlWasOperator): operator is JqlWasOperator {
  return operator.startsWith('was');
}
