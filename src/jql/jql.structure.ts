/**
 * A parsed query as the tracker's `/jql/parse` answers it (`JqlQuery` of the spec): compound clauses
 * with `and`/`or`/`not`, field clauses with `encodedName`, operands with their `encoded…` JQL text, and
 * `orderBy.fields`. Pure: no I/O.
 */
import type { JqlClause, JqlField, JqlHistoryPredicate, JqlOperand, JqlQuery } from './jql.ast.ts';
import { printJqlField, printJqlOperand } from './jql.printer.ts';

export interface JqlStructureField {
  name: string;
  encodedName: string;
  property?: { entity: string; key: string; path: string }[];
}

export type JqlStructureOperand =
  | { value: string; encodedValue: string }
  | { values: JqlStructureOperand[]; encodedOperand: string }
  | { function: string; arguments: string[]; encodedOperand: string }
  | { keyword: 'empty' };

export type JqlStructureClause =
  | { operator: 'and' | 'or' | 'not'; clauses: JqlStructureClause[] }
  | { field: JqlStructureField; operator: string; operand: JqlStructureOperand }
  | {
      field: JqlStructureField;
      operator: string;
      operand: JqlStructureOperand;
      predicates: { operator: string; operand: JqlStructureOperand }[];
    }
  | {
      field: JqlStructureField;
      operator: 'changed';
      predicates: { operator: string; operand: JqlStructureOperand }[];
    };

export interface JqlStructure {
  where?: JqlStructureClause;
  orderBy?: { fields: { field: JqlStructureField; direction?: 'asc' | 'desc' }[] };
}

/** The structure of a query tree, in the spec's shape. */
export function describeJqlStructure(query: JqlQuery): JqlStructure {
  return {
    ...(query.where !== null ? { where: describeClause(query.where) } : {}),
    ...(query.orderBy.length > 0
      ? {
          orderBy: {
            fields: query.orderBy.map((sort) => ({
              field: describeField(sort.field),
              ...(sort.direction !== null ? { direction: sort.direction } : {}),
            })),
          },
        }
      : {}),
  };
}

function describeClause(clause: JqlClause): JqlStructureClause {
  switch (clause.kind) {
    case 'and':
    case 'or':
      return { operator: clause.kind, clauses: clause.clauses.map(describeClause) };
    case 'not':
      return { operator: 'not', clauses: [describeClause(clause.clause)] };
    case 'compare':
      return {
        field: describeField(clause.field),
        operator: clause.operator,
        operand: describeOperand(clause.operand),
      };
    case 'was':
      return {
        field: describeField(clause.field),
        operator: clause.operator,
        operand: describeOperand(clause.operand),
        predicates: clause.predicates.map(describePredicate),
      };
    case 'changed':
      return {
        field: describeField(clause.field),
        operator: 'changed',
        predicates: clause.predicates.map(describePredicate),
      };
  }
}

function describePredicate(predicate: JqlHistoryPredicate) {
  return { operator: predicate.operator, operand: describeOperand(predicate.operand) };
}

function describeField(field: JqlField): JqlStructureField {
  const encodedName = printJqlField(field);
  if (field.kind === 'customField') return { name: encodedName, encodedName };
  if (field.property === null) return { name: field.name, encodedName };
  const { key, path } = field.property;
  return {
    name: `${field.name}[${key}].${path}`,
    encodedName,
    // `issue.property[key].path`: the entity is the part before `.property`.
    property: [{ entity: field.name.replace(/\.property$/i, ''), key, path }],
  };
}

function describeOperand(operand: JqlOperand): JqlStructureOperand {
  switch (operand.kind) {
    case 'string':
    case 'number':
      return { value: operand.value, encodedValue: printJqlOperand(operand) };
    case 'empty':
      return { keyword: 'empty' };
    case 'function':
      return {
        function: operand.name,
        arguments: [...operand.args],
        encodedOperand: printJqlOperand(operand),
      };
    case 'list':
      // The spec's list holds single operands; a nested list means the same as its items in place.
      return { values: flattenList(operand), encodedOperand: printJqlOperand(operand) };
  }
}

function flattenList(operand: JqlOperand & { kind: 'list' }): JqlStructureOperand[] {
  return operand.values.flatMap((value) =>
    value.kind === 'list' ? flattenList(value) : [describeOperand(value)],
  );
}
