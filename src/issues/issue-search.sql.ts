/**
 * JQL clauses as SQL conditions on `issues`: every value a parameter, never spliced into the text. Each
 * condition is two-valued (a NULL column never makes `NOT` match what it should not), and a user field
 * compares accountIds only, so no one matches on a name or an address they may not see.
 */
import { type SqlBool, sql } from 'kysely';
import type { JqlClause, JqlCompareClause } from '../jql/jql.ast.ts';
import {
  allOf,
  always,
  anyOf,
  type Condition,
  isAmong,
  negate,
  never,
  setCondition,
  userFieldHas,
} from './issue-search.conditions.ts';
import {
  describeField,
  requireSearchField,
  type SearchField,
  type UserTarget,
  unsupportedClause,
} from './issue-search.fields.ts';
import { historyCondition } from './issue-search.history.ts';
import { keyCondition, optionCondition, projectCondition } from './issue-search.options.ts';
import { type Atom, atomsOf, dateOf, peopleOf, type SearchContext } from './issue-search.values.ts';

function userCondition(clause: JqlCompareClause, target: UserTarget, context: SearchContext): Condition {
  const name = describeField(clause.field);
  const people = peopleOf(clause.operand, context, name);
  const named = people.ids.length > 0 || people.groups.length > 0;
  const member = named ? userFieldHas(target, (id) => isAmong(id, people, context.siteId) ?? never) : null;
  return setCondition(
    clause.operator,
    member,
    userFieldHas(target, () => null),
    people.empty,
    name,
  );
}

const comparisons: ReadonlySet<string> = new Set(['=', '!=', '>', '>=', '<', '<=']);

function dateCondition(clause: JqlCompareClause, column: string, context: SearchContext): Condition {
  const name = describeField(clause.field);
  const ref = sql.ref(`issues.${column}`);
  const { operator } = clause;
  if (operator === 'is' || operator === 'is not')
    return setCondition(
      operator,
      null,
      always,
      atomsOf(clause.operand).some((a) => a.kind === 'empty'),
      name,
    );
  if (operator === 'in' || operator === 'not in') {
    const dates = atomsOf(clause.operand).map((atom: Atom) => dateOf(atom, context.now, name));
    return setCondition(operator, sql<SqlBool>`${ref} in (${sql.join(dates)})`, always, false, name);
  }
  if (!comparisons.has(operator) || clause.operand.kind === 'list')
    throw unsupportedClause(`the operator '${operator}' with '${name}'`, 'it does not apply to a date');
  const at = dateOf(clause.operand, context.now, name);
  return sql<SqlBool>`${ref} ${sql.raw(operator === '!=' ? '<>' : operator)} ${at}`;
}

function compareCondition(clause: JqlCompareClause, context: SearchContext): Condition {
  const field: SearchField = requireSearchField(clause.field, context.customFields);
  switch (field.kind) {
    case 'user':
      return userCondition(clause, field.target, context);
    case 'date':
      return dateCondition(clause, field.column, context);
    case 'project':
      return projectCondition(clause, context);
    case 'key':
      return keyCondition(clause);
    default:
      return optionCondition(clause, field);
  }
}

/** The SQL condition of a parsed JQL clause. */
export function clauseCondition(clause: JqlClause, context: SearchContext): Condition {
  switch (clause.kind) {
    case 'and':
      return allOf(clause.clauses.map((c) => clauseCondition(c, context)));
    case 'or':
      return anyOf(clause.clauses.map((c) => clauseCondition(c, context)));
    case 'not':
      return negate(clauseCondition(clause.clause, context));
    case 'compare':
      return compareCondition(clause, context);
    default:
      return historyCondition(clause, context);
  }
}
