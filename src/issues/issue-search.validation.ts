/**
 * `jql/parse` validation: what a query names that the site does not have — fields, functions and
 * projects — in the tracker's words, from the site's own fields and projects.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { JqlClause, JqlField, JqlOperand, JqlQuery } from '../jql/jql.ast.ts';
import type { Site } from '../sites/sites.model.ts';
import { describeField, findSearchField, searchFunctions } from './issue-search.fields.ts';
import { atomsOf } from './issue-search.values.ts';
import type { CustomField } from './issues.model.ts';
import { listCustomFields } from './issues.repository.ts';

interface Known {
  readonly customFields: readonly CustomField[];
  /** The lower-case keys, ids and names of the site's projects. */
  readonly projects: ReadonlySet<string>;
}

function operandsOf(clause: JqlClause): JqlOperand[] {
  if (clause.kind === 'compare') return [clause.operand];
  if (clause.kind === 'was') return [clause.operand, ...clause.predicates.map((p) => p.operand)];
  if (clause.kind === 'changed') return clause.predicates.map((p) => p.operand);
  return [];
}

function clauseProblems(clause: JqlClause, known: Known, add: (message: string) => void): void {
  if (clause.kind === 'and' || clause.kind === 'or') {
    for (const child of clause.clauses) clauseProblems(child, known, add);
    return;
  }
  if (clause.kind === 'not') {
    clauseProblems(clause.clause, known, add);
    return;
  }
  fieldProblems(clause.field, known, add);
  for (const atom of operandsOf(clause).flatMap(atomsOf)) {
    if (atom.kind === 'function' && !searchFunctions.has(atom.name.toLowerCase()))
      add(`Unable to find JQL function '${atom.name}(${atom.args.join(', ')})'.`);
  }
  const isProject =
    clause.kind === 'compare' && findSearchField(clause.field, known.customFields)?.kind === 'project';
  if (!isProject) return;
  for (const atom of atomsOf(clause.operand)) {
    if ((atom.kind === 'string' || atom.kind === 'number') && !known.projects.has(atom.value.toLowerCase()))
      add(`The value '${atom.value}' does not exist for the field '${describeField(clause.field)}'.`);
  }
}

function fieldProblems(field: JqlField, known: Known, add: (message: string) => void): void {
  // Entity properties are not fields of the site: any key may be asked for.
  if (field.kind === 'name' && field.property !== null) return;
  if (findSearchField(field, known.customFields) === null)
    add(`Field '${describeField(field)}' does not exist or you do not have permission to view it.`);
}

/** The validation errors of a parsed query on the site (each once, in the order found). */
export async function validateSearchJql(
  db: Kysely<Database>,
  site: Site,
  query: JqlQuery,
): Promise<string[]> {
  const [customFields, projectRows] = await Promise.all([
    listCustomFields(db, site.id),
    db
      .selectFrom('issue_projects')
      .select(['project_key', 'project_id'])
      .where('site_id', '=', site.id)
      .execute(),
  ]);
  const projects = new Set([
    ...projectRows.flatMap((p) => [p.project_key.toLowerCase(), String(p.project_id)]),
    ...site.projects.flatMap((p) => [p.key.toLowerCase(), p.name.toLowerCase()]),
  ]);
  const problems = new Set<string>();
  const known = { customFields, projects };
  if (query.where) clauseProblems(query.where, known, (message) => problems.add(message));
  for (const sort of query.orderBy) fieldProblems(sort.field, known, (message) => problems.add(message));
  return [...problems];
}
