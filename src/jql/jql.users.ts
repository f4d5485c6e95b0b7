/**
 * Finds and rewrites the places in a JQL query that name a user, for the GDPR migration (`/jql/pdcleaner`).
 *
 * A user position is:
 * - a value compared with a user field (`assignee = mia`, `reporter in (mia, alana)`, `voter WAS mia`),
 *   including the `FROM`/`TO` predicates of a user field's history (`assignee CHANGED FROM mia TO alana`);
 * - the operand of a `BY` predicate, whatever the field (`status WAS Done BY mia`, `status CHANGED BY mia`);
 * - a user argument of a function listed in `userFunctionArguments`, wherever the call appears.
 * Strings and numbers in those positions are user references (a username could be all digits); EMPTY and
 * functions stay as they are, since `currentUser()` and `membersOf(group)` name no one.
 */
import type {
  JqlClause,
  JqlField,
  JqlFunctionCall,
  JqlHistoryPredicate,
  JqlNumberValue,
  JqlOperand,
  JqlQuery,
  JqlStringValue,
} from './jql.ast.ts';

/** Lower-case names of the system fields whose values are users. */
export const systemUserFields: ReadonlySet<string> = new Set([
  'assignee',
  'reporter',
  'creator',
  'watcher',
  'voter',
]);

/**
 * Functions whose arguments are users, by lower-case name: `'all'` or the argument positions that are users.
 * - `approver(user, user, …)` (Jira Service Management) and `componentsLeadByUser(user)`: Atlassian's JQL
 *   functions reference; the 2019 GDPR status posts also name `componentsLeadByUser` as taking a user.
 * - `projectsLeadByUser(user)`: the same reference, beside `componentsLeadByUser` (not in our stored copies).
 * - `updatedBy(user, dateFrom, dateTo)`: only the first argument is a user; the others are dates.
 * Left out on purpose: `membersOf` (a group), `currentUser()` (no argument), `issueHistory()`,
 * `watchedIssues()`, `votedIssues()` (no argument), `projectsWhereUserHasRole` (a role).
 */
export const userFunctionArguments: ReadonlyMap<string, 'all' | readonly number[]> = new Map<
  string,
  'all' | readonly number[]
>([
  ['approver', 'all'],
  ['componentsleadbyuser', [0]],
  ['projectsleadbyuser', [0]],
  ['updatedby', [0]],
]);

/** The accountId Atlassian uses for a user that cannot be identified; conversion writes it for unknown users. */
export const unknownAccountId = 'unknown';

export interface JqlUserOptions {
  /** Lower-case names (or `cf[id]` references) of the site's user-type custom fields, beside the system ones. */
  readonly userFields: ReadonlySet<string>;
}

export interface JqlUserConversion {
  readonly query: JqlQuery;
  /** The references `resolve` could not map, each once, in the order they appear. */
  readonly unknownUsers: readonly string[];
}

/** Where a user reference is in a tree: a value, or an argument of a user function. */
export type JqlUserPosition =
  | { readonly kind: 'value'; readonly node: JqlStringValue | JqlNumberValue }
  | { readonly kind: 'argument'; readonly call: JqlFunctionCall; readonly index: number };

interface RewriteContext {
  readonly options: JqlUserOptions;
  readonly rewrite: (reference: string, position: JqlUserPosition) => string;
}

/**
 * Replaces every user reference with the accountId `resolve` returns for it; a reference it cannot
 * resolve becomes `unknown` and is reported. `unknown` itself is left alone, so converting twice
 * changes nothing more than converting once (given a resolver that maps accountIds to themselves).
 */
export function convertUserReferences(
  query: JqlQuery,
  resolve: (reference: string) => string | null,
  options: JqlUserOptions,
): JqlUserConversion {
  // A set keeps the first-seen order and finds repeats in constant time (a query may name thousands).
  const unknownUsers = new Set<string>();
  const converted = rewriteUserReferences(query, options, (reference) => {
    if (reference === unknownAccountId) return reference;
    const accountId = resolve(reference);
    if (accountId !== null) return accountId;
    unknownUsers.add(reference);
    return unknownAccountId;
  });
  return { query: converted, unknownUsers: [...unknownUsers] };
}

/** Lists the distinct user references of a query in order, e.g. to look them all up before converting. */
export function listUserReferences(query: JqlQuery, options: JqlUserOptions): string[] {
  const references = new Set<string>();
  rewriteUserReferences(query, options, (reference) => {
    if (reference !== unknownAccountId) references.add(reference);
    return reference;
  });
  return [...references];
}

/** Every user reference of a query (`unknown` included) with where it is, in order. */
export function listUserPositions(
  query: JqlQuery,
  options: JqlUserOptions,
): { readonly reference: string; readonly position: JqlUserPosition }[] {
  const found: { reference: string; position: JqlUserPosition }[] = [];
  rewriteUserReferences(query, options, (reference, position) => {
    found.push({ reference, position });
    return reference;
  });
  return found;
}

/** Whether a query names any user (other than `unknown`) in a user position. */
export function queryHasUserReferences(query: JqlQuery, options: JqlUserOptions): boolean {
  return listUserReferences(query, options).length > 0;
}

/** The key a field is known by in `userFields`: its lower-case name, or `cf[id]` for a custom field id. */
export function getJqlFieldKey(field: JqlField): string {
  return field.kind === 'customField' ? `cf[${field.id}]` : field.name.toLowerCase();
}

function isUserField(field: JqlField, options: JqlUserOptions): boolean {
  // An entity property (`issue.property[k].p`) holds JSON, not the field's users.
  if (field.kind === 'name' && field.property !== null) return false;
  const key = getJqlFieldKey(field);
  return systemUserFields.has(key) || options.userFields.has(key);
}

function rewriteUserReferences(
  query: JqlQuery,
  options: JqlUserOptions,
  rewrite: RewriteContext['rewrite'],
): JqlQuery {
  const context: RewriteContext = { options, rewrite };
  return { ...query, where: query.where === null ? null : rewriteClause(query.where, context) };
}

function rewriteClause(clause: JqlClause, context: RewriteContext): JqlClause {
  switch (clause.kind) {
    case 'and':
    case 'or':
      return { ...clause, clauses: clause.clauses.map((child) => rewriteClause(child, context)) };
    case 'not':
      return { ...clause, clause: rewriteClause(clause.clause, context) };
    case 'compare':
      return {
        ...clause,
        operand: rewriteOperand(clause.operand, isUserField(clause.field, context.options), context),
      };
    case 'was': {
      const userField = isUserField(clause.field, context.options);
      const operand = rewriteOperand(clause.operand, userField, context);
      return { ...clause, operand, predicates: rewritePredicates(clause.predicates, userField, context) };
    }
    case 'changed': {
      const userField = isUserField(clause.field, context.options);
      return { ...clause, predicates: rewritePredicates(clause.predicates, userField, context) };
    }
  }
}

function rewritePredicates(
  predicates: readonly JqlHistoryPredicate[],
  userField: boolean,
  context: RewriteContext,
): JqlHistoryPredicate[] {
  return predicates.map((predicate) => {
    const fieldValue = predicate.operator === 'from' || predicate.operator === 'to';
    const userPosition = predicate.operator === 'by' || (fieldValue && userField);
    return { ...predicate, operand: rewriteOperand(predicate.operand, userPosition, context) };
  });
}

function rewriteOperand(operand: JqlOperand, userPosition: boolean, context: RewriteContext): JqlOperand {
  switch (operand.kind) {
    case 'string':
    case 'number': {
      if (!userPosition) return operand;
      const replacement = context.rewrite(operand.value, { kind: 'value', node: operand });
      // Unchanged values keep their node, so a number that is already an accountId stays a number.
      return replacement === operand.value ? operand : { kind: 'string', value: replacement };
    }
    case 'list':
      return {
        ...operand,
        values: operand.values.map((value) => rewriteOperand(value, userPosition, context)),
      };
    case 'function':
      return rewriteFunctionCall(operand, context);
    case 'empty':
      return operand;
  }
}

function rewriteFunctionCall(call: JqlFunctionCall, context: RewriteContext): JqlFunctionCall {
  const positions = userFunctionArguments.get(call.name.toLowerCase());
  if (positions === undefined) return call;
  const args = call.args.map((arg, index) =>
    positions === 'all' || positions.includes(index)
      ? context.rewrite(arg, { kind: 'argument', call, index })
      : arg,
  );
  return { ...call, args };
}
