/**
 * `WAS` and `CHANGED` clauses, from the changelog: user items hold accountIds (compared as such, never by
 * name), status and priority items their names. A predicate Veil cannot answer exactly is a 400 naming it.
 */
import { type SqlBool, sql } from 'kysely';
import type { JqlChangedClause, JqlHistoryPredicate, JqlOperand, JqlWasClause } from '../jql/jql.ast.ts';
import {
  allOf,
  anyOf,
  type Condition,
  isAmong,
  known,
  negate,
  never,
  userFieldHas,
} from './issue-search.conditions.ts';
import {
  describeField,
  requireSearchField,
  type SearchField,
  unsupportedClause,
} from './issue-search.fields.ts';
import { optionNames } from './issue-search.options.ts';
import { atomsOf, dateOf, peopleOf, type SearchContext, stringsOf } from './issue-search.values.ts';

/** Tests one side (from or to) of a changelog item against the values a clause names. */
type ItemTest = (side: 'from' | 'to') => Condition;

const dayMillis = 86_400_000;

/** The name the changelog gives a field (null: Veil keeps no history of it that a clause could use). */
function historyNameOf(field: SearchField): string | null {
  if (field.kind === 'status' || field.kind === 'priority') return field.kind;
  if (field.kind === 'user') return field.history;
  if (field.kind === 'labels') return 'labels';
  if (field.kind === 'text' && (field.scope === 'summary' || field.scope === 'description'))
    return field.scope;
  return null;
}

/** How the items of a field are tested against an operand; null when the field's values cannot be compared. */
function itemTest(
  field: SearchField,
  operand: JqlOperand,
  context: SearchContext,
  name: string,
): ItemTest | null {
  if (field.kind === 'user') {
    if (field.target.kind === 'custom' && field.target.multi) return null;
    const people = peopleOf(operand, context, name);
    return (side) => {
      const value = sql.ref(`i.${side}_value`);
      const among = isAmong(value, people, context.siteId);
      return anyOf([...(among ? [among] : []), ...(people.empty ? [sql<SqlBool>`${value} is null`] : [])]);
    };
  }
  if (field.kind !== 'status' && field.kind !== 'priority') return null;
  const { values, empty } = stringsOf(operand, name);
  const names = optionNames(field.kind, values).map((n) => n.toLowerCase());
  return (side) => {
    const value = sql.ref(`i.${side}_string`);
    const among = names.length === 0 ? null : known(sql<SqlBool>`lower(${value}) in (${sql.join(names)})`);
    return anyOf([...(among ? [among] : []), ...(empty ? [sql<SqlBool>`${value} is null`] : [])]);
  };
}

/** Some changelog item of the field satisfies every condition given (on `h` the history, `i` the item). */
function someItem(historyName: string, conditions: readonly Condition[]): Condition {
  return sql<SqlBool>`exists (select 1 from issue_histories h
    join issue_history_items i on i.history_id = h.history_id
    where h.issue_id = issues.issue_id and i.field_id = ${historyName}
      and ${allOf(conditions)})`;
}

function dateRange(operand: JqlOperand, context: SearchContext, name: string): [Date, Date] {
  const atoms = atomsOf(operand);
  if (atoms.length !== 2) throw unsupportedClause(`DURING with '${name}'`, 'DURING takes two dates');
  return [dateOf(atoms[0] as never, context.now, name), dateOf(atoms[1] as never, context.now, name)];
}

function predicateCondition(
  predicate: JqlHistoryPredicate,
  field: SearchField,
  context: SearchContext,
  name: string,
): Condition {
  const at = sql.ref('h.created_at');
  const one = () => dateOf(atomsOf(predicate.operand)[0] ?? { kind: 'empty' }, context.now, name);
  switch (predicate.operator) {
    case 'by': {
      const people = peopleOf(predicate.operand, context, name);
      return isAmong(sql.ref('h.author_id'), people, context.siteId) ?? never;
    }
    case 'after':
      return sql<SqlBool>`${at} > ${one()}`;
    case 'before':
      return sql<SqlBool>`${at} < ${one()}`;
    case 'on': {
      const day = new Date(Math.floor(one().getTime() / dayMillis) * dayMillis);
      return sql<SqlBool>`(${at} >= ${day} and ${at} < ${new Date(day.getTime() + dayMillis)})`;
    }
    case 'during': {
      const [from, to] = dateRange(predicate.operand, context, name);
      return sql<SqlBool>`(${at} >= ${from} and ${at} <= ${to})`;
    }
    default: {
      const test = itemTest(field, predicate.operand, context, name);
      if (!test)
        throw unsupportedClause(
          `CHANGED ${predicate.operator.toUpperCase()} with '${name}'`,
          'its values are not compared',
        );
      return test(predicate.operator === 'from' ? 'from' : 'to');
    }
  }
}

/** `field CHANGED [FROM x] [TO y] [BY u] [AFTER d] [BEFORE d] [ON d] [DURING (d1, d2)]`. */
function changedCondition(clause: JqlChangedClause, context: SearchContext): Condition {
  const name = describeField(clause.field);
  const field = requireSearchField(clause.field, context.customFields);
  const historyName = historyNameOf(field);
  if (historyName === null)
    throw unsupportedClause(`'${name} CHANGED'`, 'Veil keeps no history of this field');
  return someItem(
    historyName,
    clause.predicates.map((p) => predicateCondition(p, field, context, name)),
  );
}

/** The current value of a field among those named (a `WAS` clause counts the present too). */
function currentCondition(
  field: SearchField,
  operand: JqlOperand,
  context: SearchContext,
  name: string,
): Condition {
  if (field.kind === 'user') {
    const people = peopleOf(operand, context, name);
    const member = userFieldHas(field.target, (id) => isAmong(id, people, context.siteId) ?? never);
    return people.empty ? anyOf([member, negate(userFieldHas(field.target, () => null))]) : member;
  }
  const { values } = stringsOf(operand, name);
  const names = optionNames(field.kind === 'status' ? 'status' : 'priority', values);
  if (names.length === 0) return never;
  return sql<SqlBool>`${sql.ref(`issues.${field.kind}`)} in (${sql.join(names)})`;
}

/**
 * `field WAS [NOT] [IN] value [BY user] [AFTER d] [BEFORE d] [ON d] [DURING (d1, d2)]`: without predicates,
 * the value now or in any changelog item of the field; with BY, a change to it by that person; with times
 * only, the value held at some moment of that window.
 */
function wasCondition(clause: JqlWasClause, context: SearchContext): Condition {
  const name = describeField(clause.field);
  const field = requireSearchField(clause.field, context.customFields);
  const historyName = historyNameOf(field);
  const test = historyName === null ? null : itemTest(field, clause.operand, context, name);
  if (historyName === null || test === null)
    throw unsupportedClause(
      `'${name} ${clause.operator.toUpperCase()}'`,
      'Veil keeps no comparable history of this field',
    );
  const predicates = clause.predicates.map((p) => predicateCondition(p, field, context, name));
  const current = () => currentCondition(field, clause.operand, context, name);
  let was: Condition;
  if (clause.predicates.some((p) => p.operator === 'by')) {
    // Set to the value by someone (and when the other predicates say): a changelog item of theirs.
    was = someItem(historyName, [test('to'), ...predicates]);
  } else if (clause.predicates.length > 0) {
    was = heldDuring(historyName, test, current, windowOf(clause.predicates, context, name));
  } else {
    was = anyOf([current(), someItem(historyName, [anyOf([test('from'), test('to')])])]);
  }
  return clause.operator === 'was' || clause.operator === 'was in' ? was : negate(was);
}

/** The span of time a `WAS` clause's AFTER, BEFORE, ON and DURING predicates leave (open ends undefined). */
interface TimeWindow {
  readonly start: Date | undefined;
  readonly end: Date | undefined;
}

function windowOf(
  predicates: readonly JqlHistoryPredicate[],
  context: SearchContext,
  name: string,
): TimeWindow {
  let start: Date | undefined;
  let end: Date | undefined;
  const later = (a: Date | undefined, b: Date) => (a && a > b ? a : b);
  const sooner = (a: Date | undefined, b: Date) => (a && a < b ? a : b);
  for (const predicate of predicates) {
    const one = () => dateOf(atomsOf(predicate.operand)[0] ?? { kind: 'empty' }, context.now, name);
    if (predicate.operator === 'after') start = later(start, one());
    else if (predicate.operator === 'before') end = sooner(end, one());
    else if (predicate.operator === 'on') {
      const day = new Date(Math.floor(one().getTime() / dayMillis) * dayMillis);
      start = later(start, day);
      end = sooner(end, new Date(day.getTime() + dayMillis));
    } else if (predicate.operator === 'during') {
      const [from, to] = dateRange(predicate.operand, context, name);
      start = later(start, from);
      end = sooner(end, to);
    } else
      throw unsupportedClause(`'${name} WAS … ${predicate.operator.toUpperCase()}'`, 'not a WAS predicate');
  }
  return { start, end };
}

/**
 * The field held the value at some moment of the window, the issue existing: the value it had when the
 * window opened (the last change before it; else the first change's `from`; else, never changed, the
 * value now), or a change within the window that set it.
 */
function heldDuring(
  historyName: string,
  test: ItemTest,
  current: () => Condition,
  window: TimeWindow,
): Condition {
  const at = sql.ref('h.created_at');
  const items = (where: Condition, order: 'asc' | 'desc') =>
    sql`(select i.* from issue_histories h join issue_history_items i on i.history_id = h.history_id
      where h.issue_id = issues.issue_id and i.field_id = ${historyName} and ${where}
      order by h.created_at ${sql.raw(order)}, h.history_id ${sql.raw(order)}, i.position ${sql.raw(order)} limit 1)`;
  const itemMatches = (set: ReturnType<typeof items>, side: 'from' | 'to') =>
    sql<SqlBool>`exists (select 1 from ${set} i where ${test(side)})`;
  const anyItem = (where: Condition) => sql<SqlBool>`exists ${items(where, 'asc')}`;
  const always = sql<SqlBool>`true`;
  const beforeStart = window.start ? sql<SqlBool>`${at} <= ${window.start}` : sql<SqlBool>`false`;
  const atStart = anyOf([
    itemMatches(items(beforeStart, 'desc'), 'to'),
    allOf([negate(anyItem(beforeStart)), itemMatches(items(always, 'asc'), 'from')]),
    allOf([negate(anyItem(always)), current()]),
  ]);
  const inside = allOf([
    ...(window.start ? [sql<SqlBool>`${at} > ${window.start}`] : []),
    ...(window.end ? [sql<SqlBool>`${at} < ${window.end}`] : []),
  ]);
  const existed = window.end ? [sql<SqlBool>`issues.created_at < ${window.end}`] : [];
  return allOf([...existed, anyOf([atStart, someItem(historyName, [test('to'), inside])])]);
}

/** The condition of a `WAS` or `CHANGED` clause. */
export function historyCondition(clause: JqlWasClause | JqlChangedClause, context: SearchContext): Condition {
  return clause.kind === 'was' ? wasCondition(clause, context) : changedCondition(clause, context);
}
