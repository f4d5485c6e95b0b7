/**
 * fast-check arbitraries for random JQL trees (test support only). User references come only from
 * `userReferencePool` and only in user positions, the rule written out independently of jql.users.ts, so a
 * test can check the converter by looking for pool values anywhere in its output.
 */
import fc from 'fast-check';
import {
  type JqlClause,
  type JqlCompareOperator,
  type JqlField,
  type JqlFunctionCall,
  type JqlHistoryOperator,
  type JqlHistoryPredicate,
  type JqlOperand,
  type JqlQuery,
  type JqlSort,
  jqlCompareOperators,
  jqlHistoryOperators,
  jqlWasOperators,
} from './jql.ast.ts';

/** Usernames (and one all-digit username, generated as a number) that only ever appear in user positions. */
export const userReferencePool = [
  'mia',
  'alana',
  'j.smith',
  'Émile Zola',
  "o'brien",
  'user',
  'EMPTY',
  '12345',
];

/** The site's user custom fields the generated queries use, in `userFields` form. */
export const testUserFields: ReadonlySet<string> = new Set(['cf[10010]', 'approvers']);

const userFieldNames = ['assignee', 'Reporter', 'CREATOR', 'watcher', 'voter', 'Approvers'];
const userFunctionNames = [
  'approver',
  'componentsLeadByUser',
  'projectsLeadByUser',
  'updatedBy',
  'UPDATEDBY',
];
const reservedNames = new Set([
  'assignee',
  'reporter',
  'creator',
  'watcher',
  'voter',
  'approvers',
  'cf[10010]',
]);
const reservedFunctions = new Set(userFunctionNames.map((name) => name.toLowerCase()));
const longRange = { min: -(2n ** 63n), max: 2n ** 63n - 1n };

// Strings chosen to stress quoting: keywords, reserved words and characters, escapes, digits, unicode.
const trickyText = fc.constantFrom(
  'Bug',
  'In Progress',
  'PROJ-1',
  '2019/01/01',
  '-1d',
  '42',
  '',
  'and',
  'Order',
  'null',
  'a\\b',
  'say "hi"',
  "it's",
  'tab\there',
  'x*y',
  '.hidden',
  'ünïcödé',
  '\u0007bell',
);

const otherText = fc
  .oneof(trickyText, fc.string({ maxLength: 8 }), fc.string({ maxLength: 6, unit: 'binary' }))
  .filter((text) => !userReferencePool.includes(text));
const otherName = otherText.filter((text) => text.length > 0 && !reservedNames.has(text.toLowerCase()));
const numberText = fc.bigInt(longRange).map(String);

const otherField: fc.Arbitrary<JqlField> = fc.oneof(
  otherName.map((name) => ({ kind: 'name' as const, name, property: null })),
  fc
    .bigInt({ min: 0n, max: 10n ** 12n })
    .map(String)
    .filter((id) => id !== '10010' && !userReferencePool.includes(id))
    .map((id) => ({ kind: 'customField' as const, id })),
  fc
    .record({ name: otherName, key: otherText, path: otherName.filter((path) => !path.startsWith('.')) })
    .map(({ name, key, path }) => ({ kind: 'name' as const, name, property: { key, path } })),
);
const userField: fc.Arbitrary<JqlField> = fc.oneof(
  fc.constantFrom(...userFieldNames).map((name) => ({ kind: 'name' as const, name, property: null })),
  fc.constant({ kind: 'customField' as const, id: '10010' }),
);

/** Random query trees; without user references, user fields only meet EMPTY and user-free functions. */
export function createJqlQueryArbitrary(options: {
  readonly userReferences: boolean;
}): fc.Arbitrary<JqlQuery> {
  const clause = createClauseArbitrary(options.userReferences);
  const sort: fc.Arbitrary<JqlSort> = plainRecord({
    field: fc.oneof(otherField, userField),
    direction: fc.constantFrom(null, 'asc' as const, 'desc' as const),
  });
  return plainRecord({
    where: fc.option(clause, { nil: null }),
    orderBy: fc.array(sort, { maxLength: 3 }),
  });
}

// Parsed trees are plain objects, and deepStrictEqual compares prototypes too.
function plainRecord<T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<T> {
  return fc.record(model, { noNullPrototype: true });
}

function createClauseArbitrary(userReferences: boolean): fc.Arbitrary<JqlClause> {
  const otherOperand = createOperandArbitrary(createOtherLeaf(userReferences));
  const userOperand = createOperandArbitrary(createUserLeaf(userReferences));
  const operands = { other: otherOperand, user: userOperand };
  const terminal = fc.oneof(
    createTerminalArbitrary(otherField, otherOperand, operands, false),
    createTerminalArbitrary(userField, userOperand, operands, true),
  );
  return fc.letrec<{ clause: JqlClause }>((tie) => ({
    clause: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      terminal,
      fc
        .array(tie('clause'), { minLength: 2, maxLength: 3 })
        .map((clauses) => ({ kind: 'and' as const, clauses })),
      fc
        .array(tie('clause'), { minLength: 2, maxLength: 3 })
        .map((clauses) => ({ kind: 'or' as const, clauses })),
      tie('clause').map((inner) => ({ kind: 'not' as const, clause: inner })),
    ),
  })).clause;
}

interface OperandArbitraries {
  readonly other: fc.Arbitrary<JqlOperand>;
  readonly user: fc.Arbitrary<JqlOperand>;
}

function createTerminalArbitrary(
  field: fc.Arbitrary<JqlField>,
  operand: fc.Arbitrary<JqlOperand>,
  operands: OperandArbitraries,
  userField: boolean,
): fc.Arbitrary<JqlClause> {
  const predicates = fc.array(createPredicateArbitrary(operands, userField), { maxLength: 3 });
  return fc.oneof(
    plainRecord({
      kind: fc.constant('compare' as const),
      field,
      operator: fc.constantFrom<JqlCompareOperator>(...jqlCompareOperators),
      operand,
    }),
    plainRecord({
      kind: fc.constant('was' as const),
      field,
      operator: fc.constantFrom(...jqlWasOperators),
      operand,
      predicates,
    }),
    plainRecord({ kind: fc.constant('changed' as const), field, predicates }),
  );
}

function createPredicateArbitrary(
  operands: OperandArbitraries,
  userField: boolean,
): fc.Arbitrary<JqlHistoryPredicate> {
  return fc.constantFrom<JqlHistoryOperator>(...jqlHistoryOperators).chain((operator) => {
    const userPosition = operator === 'by' || (userField && (operator === 'from' || operator === 'to'));
    const operand = userPosition ? operands.user : operands.other;
    return operand.map((value) => ({ operator, operand: value }));
  });
}

function createOperandArbitrary(leaf: fc.Arbitrary<JqlOperand>): fc.Arbitrary<JqlOperand> {
  return fc.letrec<{ operand: JqlOperand }>((tie) => ({
    operand: fc.oneof(
      { depthSize: 'small' },
      leaf,
      fc
        .array(tie('operand'), { minLength: 1, maxLength: 3 })
        .map((values) => ({ kind: 'list' as const, values })),
    ),
  })).operand;
}

function createOtherLeaf(userReferences: boolean): fc.Arbitrary<JqlOperand> {
  return fc.oneof(
    otherText.map((value) => ({ kind: 'string' as const, value })),
    numberText
      .filter((value) => !userReferencePool.includes(value))
      .map((value) => ({ kind: 'number' as const, value })),
    fc.constant({ kind: 'empty' as const }),
    createOtherFunctionCall(),
    createUserFunctionCall(userReferences),
  );
}

function createUserLeaf(userReferences: boolean): fc.Arbitrary<JqlOperand> {
  const harmless = fc.oneof(
    fc.constant({ kind: 'empty' as const }),
    fc.constant({ kind: 'function' as const, name: 'currentUser', args: [] }),
    otherText.map((group) => ({ kind: 'function' as const, name: 'membersOf', args: [group] })),
    createUserFunctionCall(userReferences),
  );
  if (!userReferences) return harmless;
  const reference = fc
    .constantFrom(...userReferencePool)
    .map(
      (value): JqlOperand => (/^[0-9]+$/.test(value) ? { kind: 'number', value } : { kind: 'string', value }),
    );
  return fc.oneof({ arbitrary: reference, weight: 3 }, { arbitrary: harmless, weight: 1 });
}

function createOtherFunctionCall(): fc.Arbitrary<JqlFunctionCall> {
  const name = fc.oneof(
    fc.constantFrom('startOfDay', 'now', 'openSprints', 'linkedIssues', 'issueHistory'),
    otherName.filter((text) => !reservedFunctions.has(text.toLowerCase())),
  );
  return plainRecord({
    kind: fc.constant('function' as const),
    name,
    args: fc.array(otherText, { maxLength: 3 }),
  });
}

function createUserFunctionCall(userReferences: boolean): fc.Arbitrary<JqlFunctionCall> {
  const user = userReferences ? fc.constantFrom(...userReferencePool) : fc.constant(null);
  return fc.constantFrom(...userFunctionNames).chain((name) => {
    const allUsers = name === 'approver';
    const rest = allUsers ? fc.array(user, { maxLength: 2 }) : fc.array(otherText, { maxLength: 2 });
    return fc.tuple(user, rest).map(([first, others]) => {
      // Without references a user function can only appear with no arguments at all.
      const args = first === null ? [] : [first, ...others.filter((arg): arg is string => arg !== null)];
      return { kind: 'function' as const, name, args };
    });
  });
}
