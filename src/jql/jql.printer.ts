/**
 * Canonical JQL printing. Keywords are upper case (AND, OR, NOT, EMPTY, ORDER BY, ASC, DESC) and operators
 * lower case (`in`, `was not`, `changed`, `by`), as Jira prints them. Strings stay unquoted when they read
 * back as the same string, as Jira does (`assignee in (abcde-12345)`); otherwise they are written in double
 * quotes with escapes. Parentheses appear only where the tree needs them.
 */
import type { JqlClause, JqlField, JqlHistoryPredicate, JqlOperand, JqlQuery, JqlSort } from './jql.ast.ts';
import {
  formatJqlUnicodeEscape,
  isJqlControlCharacter,
  isJqlNumberText,
  isPlainJqlWord,
} from './jql.lexer.ts';

const quotedEscapes: ReadonlyMap<string, string> = new Map([
  ['"', '\\"'],
  ['\\', '\\\\'],
  ['\n', '\\n'],
  ['\r', '\\r'],
  ['\t', '\\t'],
]);

/** Prints a query tree as JQL text that parses back to the same tree. */
export function printJql(query: JqlQuery): string {
  const parts: string[] = [];
  if (query.where !== null) parts.push(printClause(query.where));
  if (query.orderBy.length > 0) parts.push(`ORDER BY ${query.orderBy.map(printSort).join(', ')}`);
  return parts.join(' ');
}

/** Writes a string as a double-quoted JQL string literal. */
export function quoteJqlString(value: string): string {
  let quoted = '"';
  for (const char of value) {
    const escapeSequence = quotedEscapes.get(char);
    if (escapeSequence !== undefined) quoted += escapeSequence;
    else if (isJqlControlCharacter(char)) quoted += formatJqlUnicodeEscape(char);
    else quoted += char;
  }
  return `${quoted}"`;
}

function printClause(clause: JqlClause): string {
  switch (clause.kind) {
    case 'and':
      // AND binds tighter than OR, so only a nested AND or OR needs parentheses here.
      return clause.clauses.map((child) => printChild(child, ['and', 'or'])).join(' AND ');
    case 'or':
      return clause.clauses.map((child) => printChild(child, ['or'])).join(' OR ');
    case 'not':
      return `NOT ${printChild(clause.clause, ['and', 'or'])}`;
    case 'compare':
      return `${printJqlField(clause.field)} ${clause.operator} ${printJqlOperand(clause.operand)}`;
    case 'was':
      return `${printJqlField(clause.field)} ${clause.operator} ${printJqlOperand(clause.operand)}${printPredicates(clause.predicates)}`;
    case 'changed':
      return `${printJqlField(clause.field)} changed${printPredicates(clause.predicates)}`;
  }
}

function printChild(child: JqlClause, parenthesised: readonly JqlClause['kind'][]): string {
  const text = printClause(child);
  return parenthesised.includes(child.kind) ? `(${text})` : text;
}

function printPredicates(predicates: readonly JqlHistoryPredicate[]): string {
  return predicates
    .map((predicate) => ` ${predicate.operator} ${printJqlOperand(predicate.operand)}`)
    .join('');
}

/** Prints a field as JQL (`assignee`, `"Story Points"`, `cf[10010]`, `issue.property[k].path`). */
export function printJqlField(field: JqlField): string {
  if (field.kind === 'customField') return `cf[${field.id}]`;
  const name = printWord(field.name);
  if (field.property === null) return name;
  return `${name}[${printWord(field.property.key)}]${printWord(`.${field.property.path}`)}`;
}

function printSort(sort: JqlSort): string {
  const field = printJqlField(sort.field);
  return sort.direction === null ? field : `${field} ${sort.direction.toUpperCase()}`;
}

/** Prints an operand as JQL (a value, a list, a function call or EMPTY). */
export function printJqlOperand(operand: JqlOperand): string {
  switch (operand.kind) {
    case 'string':
      // An unquoted number-like value would read back as a number, so it keeps its quotes.
      return isPlainJqlWord(operand.value) && !isJqlNumberText(operand.value)
        ? operand.value
        : quoteJqlString(operand.value);
    case 'number':
      return operand.value;
    case 'list':
      return `(${operand.values.map(printJqlOperand).join(', ')})`;
    case 'function':
      return `${printWord(operand.name)}(${operand.args.map(printWord).join(', ')})`;
    case 'empty':
      return 'EMPTY';
  }
}

/** Prints a function argument: unquoted where it reads back as the same string, else quoted. */
export function printJqlArgument(text: string): string {
  return printWord(text);
}

// Field names, function names and arguments are strings even when written as numbers, so a plain word
// (number-like or not) can stay unquoted there.
function printWord(text: string): string {
  return isPlainJqlWord(text) ? text : quoteJqlString(text);
}
