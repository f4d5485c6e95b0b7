/**
 * The clauses on an issue's own values: project, key, the text fields (`~`), status, priority and labels.
 * Values are parameters; a value that names no status or priority is the tracker's 400, as in Jira.
 */

import { type SqlBool, sql } from 'kysely';
import { escapeLike } from '../db/like.ts';
import { VeilError } from '../errors/veil-error.ts';
import type { JqlCompareClause } from '../jql/jql.ast.ts';
import {
  always,
  anyOf,
  type Condition,
  known,
  negate,
  never,
  setCondition,
} from './issue-search.conditions.ts';
import { describeField, type SearchField, unsupportedClause } from './issue-search.fields.ts';
import { type SearchContext, stringsOf } from './issue-search.values.ts';
import { statuses } from './workflow.ts';

const priorities = ['Highest', 'High', 'Medium', 'Low', 'Lowest'];

function noSuchValue(value: string, field: string): VeilError {
  const message = `The value '${value}' does not exist for the field '${field}'.`;
  return new VeilError('jql.invalid', message, [{ path: 'jql', message }]);
}

/** `project = ACME`, by key, id or name (case-insensitively), among the site's projects. */
export function projectCondition(clause: JqlCompareClause, context: SearchContext): Condition {
  const name = describeField(clause.field);
  const { values, empty } = stringsOf(clause.operand, name);
  const lower = values.map((v) => v.toLowerCase());
  const member =
    values.length === 0
      ? null
      : sql<SqlBool>`issues.project_key in (
          select p.project_key from issue_projects p where p.site_id = ${context.siteId}
            and (lower(p.project_key) in (${sql.join(lower)}) or p.project_id in (${sql.join(values)}))
          union select n.project_key from projects n where n.site_id = ${context.siteId}
            and lower(n.name) in (${sql.join(lower)}))`;
  return setCondition(clause.operator, member, always, empty, name);
}

/** A key (`ACME-12`) or an issue id as a condition; a value of neither form is a 400. */
function keyMatch(value: string, operator: string): Condition {
  const key = /^([A-Za-z][A-Za-z0-9_]*)-([0-9]{1,9})$/.exec(value);
  const op = sql.raw(operator === '!=' ? '=' : operator);
  if (key) {
    const project = (key[1] as string).toUpperCase();
    return sql<SqlBool>`(issues.project_key = ${project} and issues.issue_number ${op} ${Number(key[2])})`;
  }
  if (/^[0-9]{1,18}$/.test(value)) return sql<SqlBool>`issues.issue_id ${op} ${value}`;
  const message = `The issue key '${value}' for field 'key' is invalid.`;
  throw new VeilError('jql.invalid', message, [{ path: 'jql', message }]);
}

/** `key = ACME-1`, `issuekey in (…)`, `key > ACME-5` (within the project). */
export function keyCondition(clause: JqlCompareClause): Condition {
  const name = describeField(clause.field);
  const { values, empty } = stringsOf(clause.operand, name);
  if (
    ['>', '>=', '<', '<='].includes(clause.operator) &&
    values.length === 1 &&
    clause.operand.kind !== 'list'
  )
    return keyMatch(values[0] as string, clause.operator);
  const member = values.length === 0 ? null : anyOf(values.map((v) => keyMatch(v, '=')));
  return setCondition(clause.operator, member, always, empty, name);
}

/** A `LIKE` pattern for a `~` value: JQL's `*` and `?` wildcards kept, everything else literal. */
function likePattern(value: string): string {
  const escaped = escapeLike(value).replace(/\*/g, '%').replace(/\?/g, '_');
  return `%${escaped.trim()}%`;
}

/** Stored rich text as searchable text: wiki markup as is, ADF documents by their text nodes only. */
function storedText(text: string, format: string) {
  return sql`(case when ${sql.ref(format)} = 'adf'
    then jsonb_path_query_array(${sql.ref(text)}::jsonb, '$.** ? (@.type == "text").text')::text
    else ${sql.ref(text)} end)`;
}

function textMatch(scope: string, pattern: string): Condition {
  const like = (text: ReturnType<typeof storedText>) => known(sql<SqlBool>`${text} ilike ${pattern}`);
  const summary = sql<SqlBool>`issues.summary ilike ${pattern}`;
  const description = like(storedText('issues.description', 'issues.description_format'));
  // Comments restricted to a group or role are left out: the search never matches what a caller may not read.
  const comment = sql<SqlBool>`exists (select 1 from issue_comments c where c.issue_id = issues.issue_id
    and c.visibility_type is null and ${like(storedText('c.body', 'c.body_format'))})`;
  if (scope === 'summary') return summary;
  if (scope === 'description') return description;
  if (scope === 'comment') return comment;
  return anyOf([summary, description, comment]);
}

function textCondition(clause: JqlCompareClause, scope: string): Condition {
  const name = describeField(clause.field);
  const { operator, operand } = clause;
  if ((operator === 'is' || operator === 'is not') && scope === 'description' && operand.kind === 'empty')
    return setCondition(operator, null, sql<SqlBool>`issues.description is not null`, true, name);
  if ((operator !== '~' && operator !== '!~') || (operand.kind !== 'string' && operand.kind !== 'number'))
    throw unsupportedClause(`'${name} ${operator}'`, 'text fields are searched with ~ and !~ and one value');
  const match = textMatch(scope, likePattern(operand.value));
  return operator === '~' ? match : negate(match);
}

function canonical(values: readonly string[], known: readonly { id: string; name: string }[], field: string) {
  return values.map((value) => {
    const found = known.find((k) => k.id === value || k.name.toLowerCase() === value.toLowerCase());
    if (!found) throw noSuchValue(value, field);
    return found.name;
  });
}

function labelsCondition(clause: JqlCompareClause, name: string): Condition {
  const { values, empty } = stringsOf(clause.operand, name);
  const has = (label: string) => sql<SqlBool>`position(${` ${label} `} in ' ' || issues.labels || ' ') > 0`;
  const member = values.length === 0 ? null : anyOf(values.map(has));
  return setCondition(clause.operator, member, sql<SqlBool>`issues.labels <> ''`, empty, name);
}

/** status, priority, labels and the text fields. */
export function optionCondition(clause: JqlCompareClause, field: SearchField): Condition {
  const name = describeField(clause.field);
  if (field.kind === 'text') return textCondition(clause, field.scope);
  if (field.kind === 'labels') return labelsCondition(clause, name);
  if (field.kind !== 'status' && field.kind !== 'priority') return never;
  const { values, empty } = stringsOf(clause.operand, name);
  const options =
    field.kind === 'status'
      ? statuses.map((s) => ({ id: s.id, name: s.name as string }))
      : priorities.map((p, i) => ({ id: String(i + 1), name: p }));
  const names = canonical(values, options, name);
  const column = sql.ref(`issues.${field.kind}`);
  const member = names.length === 0 ? null : sql<SqlBool>`${column} in (${sql.join(names)})`;
  return setCondition(clause.operator, member, always, empty, name);
}

/** The names of the options of a field, for the changelog (`status WAS Done`). */
export function optionNames(field: 'status' | 'priority', values: readonly string[]): string[] {
  const options =
    field === 'status'
      ? statuses.map((s) => ({ id: s.id, name: s.name as string }))
      : priorities.map((p, i) => ({ id: String(i + 1), name: p }));
  return canonical(values, options, field);
}
