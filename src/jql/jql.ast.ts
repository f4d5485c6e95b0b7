/**
 * The tree of a JQL query. It keeps meaning, not spelling: keyword case, `NULL` versus `EMPTY`,
 * `&&` versus `AND`, redundant parentheses and the quoting style of a value are not recorded, so a
 * query printed by `printJql` and parsed again gives back the same tree.
 */

/** Operators of a clause that asserts the current value of a field. */
export const jqlCompareOperators = [
  '=',
  '!=',
  '~',
  '!~',
  '>',
  '>=',
  '<',
  '<=',
  'in',
  'not in',
  'is',
  'is not',
] as const;
export type JqlCompareOperator = (typeof jqlCompareOperators)[number];

/** Operators of a clause that asserts a previous value of a field. */
export const jqlWasOperators = ['was', 'was in', 'was not', 'was not in'] as const;
export type JqlWasOperator = (typeof jqlWasOperators)[number];

/** Operators of the history predicates that may follow `WAS …` and `CHANGED`. */
export const jqlHistoryOperators = ['after', 'before', 'by', 'during', 'on', 'from', 'to'] as const;
export type JqlHistoryOperator = (typeof jqlHistoryOperators)[number];

/** An entity property reference such as `issue.property[stats].comments.count` (key `stats`, path `comments.count`). */
export interface JqlEntityProperty {
  readonly key: string;
  readonly path: string;
}

/** A field by name (`assignee`, `"Story Points"`, `issue.property[k].p`). */
export interface JqlNamedField {
  readonly kind: 'name';
  readonly name: string;
  readonly property: JqlEntityProperty | null;
}

/** A custom field by id: `cf[10010]`. The id is kept as decimal digits without leading zeros. */
export interface JqlCustomField {
  readonly kind: 'customField';
  readonly id: string;
}

export type JqlField = JqlNamedField | JqlCustomField;

/** A string value, quoted or not in the source. */
export interface JqlStringValue {
  readonly kind: 'string';
  readonly value: string;
}

/** An unquoted whole number, kept as written (`42`, `-7`); it fits a signed 64-bit integer. */
export interface JqlNumberValue {
  readonly kind: 'number';
  readonly value: string;
}

/** A parenthesised list of operands: `(a, b, membersOf(x))`. */
export interface JqlList {
  readonly kind: 'list';
  readonly values: readonly JqlOperand[];
}

/** A function call; JQL function arguments are always plain strings. */
export interface JqlFunctionCall {
  readonly kind: 'function';
  readonly name: string;
  readonly args: readonly string[];
}

/** `EMPTY` or its synonym `NULL`. */
export interface JqlEmpty {
  readonly kind: 'empty';
}

export type JqlOperand = JqlStringValue | JqlNumberValue | JqlList | JqlFunctionCall | JqlEmpty;

/** A history predicate such as `BY mia` or `AFTER "2019/01/01"`. */
export interface JqlHistoryPredicate {
  readonly operator: JqlHistoryOperator;
  readonly operand: JqlOperand;
}

/** `a AND b AND …` with two or more operands; a nested AND in the source stays nested. */
export interface JqlAndClause {
  readonly kind: 'and';
  readonly clauses: readonly JqlClause[];
}

/** `a OR b OR …` with two or more operands. */
export interface JqlOrClause {
  readonly kind: 'or';
  readonly clauses: readonly JqlClause[];
}

/** `NOT a` (also written `!a`). */
export interface JqlNotClause {
  readonly kind: 'not';
  readonly clause: JqlClause;
}

/** `field operator operand`, e.g. `assignee in (mia, alana)`. */
export interface JqlCompareClause {
  readonly kind: 'compare';
  readonly field: JqlField;
  readonly operator: JqlCompareOperator;
  readonly operand: JqlOperand;
}

/** `field WAS [NOT] [IN] operand predicates…`. */
export interface JqlWasClause {
  readonly kind: 'was';
  readonly field: JqlField;
  readonly operator: JqlWasOperator;
  readonly operand: JqlOperand;
  readonly predicates: readonly JqlHistoryPredicate[];
}

/** `field CHANGED predicates…`. */
export interface JqlChangedClause {
  readonly kind: 'changed';
  readonly field: JqlField;
  readonly predicates: readonly JqlHistoryPredicate[];
}

export type JqlClause =
  | JqlAndClause
  | JqlOrClause
  | JqlNotClause
  | JqlCompareClause
  | JqlWasClause
  | JqlChangedClause;

/** One `ORDER BY` key; `direction` is null when the query gives none (each field has its own default). */
export interface JqlSort {
  readonly field: JqlField;
  readonly direction: 'asc' | 'desc' | null;
}

/** A whole query: both parts are optional, so the empty string is a valid query. */
export interface JqlQuery {
  readonly where: JqlClause | null;
  readonly orderBy: readonly JqlSort[];
}

/**
 * Why a query does not parse: a 0-based character offset, a Jira-style message, and what could have come
 * there (tokens such as `')'`, or descriptions such as `'field name'`). `expected` is empty when the text
 * itself is at fault: a reserved word or character, an illegal escape or character, absurd nesting.
 */
export interface JqlSyntaxError {
  readonly position: number;
  readonly message: string;
  readonly expected: readonly string[];
  /** Set when the query was refused for its size, not its syntax: the bound it went past. */
  readonly limit?: JqlSizeLimit;
}

/** A bound on the size of a query (see jql.limits.ts): its name and the most it allows. */
export interface JqlSizeLimit {
  readonly name: 'characters' | 'clauses';
  readonly max: number;
}

/** Where a piece of a query is in its text: `[start, end)` character offsets. */
export interface JqlSpan {
  readonly start: number;
  readonly end: number;
}

/**
 * Where the values and function arguments of a parsed tree are in the text it came from, so a query
 * can be rewritten in place (keeping its spelling) instead of printed anew. Keyed by the tree's nodes.
 */
export interface JqlSourceMap {
  readonly values: WeakMap<JqlStringValue | JqlNumberValue, JqlSpan>;
  readonly arguments: WeakMap<JqlFunctionCall, readonly JqlSpan[]>;
}

export type JqlParseResult =
  | { readonly ok: true; readonly query: JqlQuery }
  | { readonly ok: false; readonly error: JqlSyntaxError };
