/**
 * The fallback for a webhook's JQL filter the issue search cannot decide (a refused clause, a deleted
 * issue): whether the event passes, as far as the query alone can tell: clauses on
 * `project` and `issuetype` (`=`, `!=`, `in`, `not in`, joined by AND, OR, NOT) are decided from the
 * issue; any other clause is undecided, and an event is dropped only when the filter is decided false —
 * a filter Veil cannot judge never loses an event that may match. Pure.
 */
import type { JqlClause, JqlOperand } from '../jql/jql.ast.ts';
import { parseJql } from '../jql/jql.parser.ts';

/** What a filter may be decided on. */
export interface FilteredIssue {
  readonly projectKey: string;
  readonly projectId: string;
  readonly typeId: string;
  readonly typeName: string;
}

type Decision = boolean | undefined;

function operandValues(operand: JqlOperand): string[] | undefined {
  if (operand.kind === 'string' || operand.kind === 'number') return [operand.value];
  if (operand.kind !== 'list') return undefined;
  const values = operand.values.map(operandValues);
  return values.every((v) => v !== undefined) ? values.flat() : undefined;
}

function fieldValues(name: string, issue: FilteredIssue): string[] | undefined {
  if (name === 'project') return [issue.projectKey, issue.projectId];
  if (name === 'issuetype' || name === 'type') return [issue.typeName, issue.typeId];
  return undefined;
}

function decideCompare(clause: Extract<JqlClause, { kind: 'compare' }>, issue: FilteredIssue): Decision {
  if (clause.field.kind !== 'name' || clause.field.property) return undefined;
  const actual = fieldValues(clause.field.name.toLowerCase(), issue)?.map((v) => v.toLowerCase());
  const wanted = operandValues(clause.operand)?.map((v) => v.toLowerCase());
  if (!actual || !wanted) return undefined;
  const matches = wanted.some((value) => actual.includes(value));
  if (clause.operator === '=' || clause.operator === 'in') return matches;
  if (clause.operator === '!=' || clause.operator === 'not in') return !matches;
  return undefined;
}

function decide(clause: JqlClause, issue: FilteredIssue): Decision {
  if (clause.kind === 'compare') return decideCompare(clause, issue);
  if (clause.kind === 'not') {
    const inner = decide(clause.clause, issue);
    return inner === undefined ? undefined : !inner;
  }
  if (clause.kind === 'and' || clause.kind === 'or') {
    const decisions = clause.clauses.map((c) => decide(c, issue));
    // A false settles an AND, a true settles an OR.
    const settles = clause.kind === 'or';
    if (decisions.includes(settles)) return settles;
    return decisions.every((d) => d === !settles) ? !settles : undefined;
  }
  return undefined;
}

/** False only when the filter is decided not to match the issue; no filter, or an empty one, passes all. */
export function mayPassIssueFilter(filter: string | null | undefined, issue: FilteredIssue): boolean {
  if (!filter || filter.trim() === '') return true;
  const parsed = parseJql(filter);
  if (!parsed.ok || !parsed.query.where) return true;
  return decide(parsed.query.where, issue) !== false;
}
