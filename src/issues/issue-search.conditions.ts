/**
 * The building blocks of the search's SQL conditions: combinators, the set semantics of `=`/`in`/`!=`/
 * `not in`/`is EMPTY`, and where a user field's accountIds are. Values are always parameters.
 */
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { JqlCompareOperator } from '../jql/jql.ast.ts';
import { type UserTarget, unsupportedClause } from './issue-search.fields.ts';
import type { PeopleSet } from './issue-search.values.ts';

export type Condition = RawBuilder<SqlBool>;

export const always: Condition = sql<SqlBool>`true`;
export const never: Condition = sql<SqlBool>`false`;

export function allOf(conditions: readonly Condition[]): Condition {
  if (conditions.length === 0) return always;
  return sql<SqlBool>`(${sql.join(conditions, sql` and `)})`;
}

export function anyOf(conditions: readonly Condition[]): Condition {
  if (conditions.length === 0) return never;
  return sql<SqlBool>`(${sql.join(conditions, sql` or `)})`;
}

export function negate(condition: Condition): Condition {
  return sql<SqlBool>`(not ${condition})`;
}

/** A condition that is false, never NULL, where SQL would say unknown. */
export function known(condition: Condition): Condition {
  return sql<SqlBool>`coalesce(${condition}, false)`;
}

/**
 * The condition of `=`/`in`, `!=`/`not in` and `is [not] EMPTY` on a field, given the condition that
 * one of its values is among those named (null: none named) and the condition that it has any value.
 * As in Jira, `!=` and `not in` do not match an empty field.
 */
export function setCondition(
  operator: JqlCompareOperator,
  member: Condition | null,
  hasAny: Condition,
  empty: boolean,
  field: string,
): Condition {
  switch (operator) {
    case '=':
    case 'in':
      return anyOf([...(member ? [member] : []), ...(empty ? [negate(hasAny)] : [])]);
    case '!=':
    case 'not in':
      return allOf([hasAny, ...(member ? [negate(member)] : [])]);
    case 'is':
    case 'is not':
      if (member !== null || !empty)
        throw unsupportedClause(`'${field} ${operator}' with a value`, 'IS takes EMPTY');
      return operator === 'is' ? negate(hasAny) : hasAny;
    default:
      throw unsupportedClause(
        `the operator '${operator}' with '${field}'`,
        'it does not apply to this field',
      );
  }
}

/** Whether an accountId expression is one of the people named (accountIds or members of groups). */
export function isAmong(
  accountId: Condition | RawBuilder<unknown>,
  people: PeopleSet,
  siteId: string,
): Condition | null {
  const parts: Condition[] = [];
  if (people.ids.length > 0) parts.push(sql<SqlBool>`${accountId} in (${sql.join(people.ids)})`);
  if (people.groups.length > 0)
    parts.push(sql<SqlBool>`${accountId} in (select gm.account_id from group_members gm
      join groups g on g.group_id = gm.group_id
      where g.site_id = ${siteId} and g.name_normalized in (${sql.join(people.groups)}))`);
  return parts.length === 0 ? null : known(anyOf(parts));
}

/** The condition that a user field holds someone satisfying `test` (any value at all when `test` is null). */
export function userFieldHas(
  target: UserTarget,
  test: (accountId: RawBuilder<unknown>) => Condition | null,
): Condition {
  if (target.kind === 'column') {
    const column = sql.ref(`issues.${target.column}`);
    return known(test(column) ?? sql<SqlBool>`${column} is not null`);
  }
  const ref = sql.ref('p.account_id');
  const where = test(ref) ?? always;
  if (target.kind === 'people')
    return sql<SqlBool>`exists (select 1 from ${sql.table(target.table)} p where p.issue_id = issues.issue_id and ${where})`;
  return sql<SqlBool>`exists (select 1 from issue_field_values p
    where p.issue_id = issues.issue_id and p.field_id = ${target.fieldId} and ${where})`;
}
