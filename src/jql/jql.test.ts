import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JqlClause, JqlField, JqlOperand, JqlQuery, JqlSyntaxError } from './jql.ast.ts';
import { parseJql } from './jql.parser.ts';
import { printJql } from './jql.printer.ts';

function parseOk(text: string): JqlQuery {
  const result = parseJql(text);
  if (!result.ok) assert.fail(`expected ${JSON.stringify(text)} to parse: ${result.error.message}`);
  return result.query;
}

function parseError(text: string): JqlSyntaxError {
  const result = parseJql(text);
  if (result.ok) assert.fail(`expected ${JSON.stringify(text)} not to parse`);
  return result.error;
}

function whereOf(text: string): JqlClause {
  const { where } = parseOk(text);
  assert.ok(where !== null, `expected a WHERE clause in ${JSON.stringify(text)}`);
  return where;
}

function field(name: string): JqlField {
  return { kind: 'name', name, property: null };
}

function compare(name: string, operator: string, operand: JqlOperand): JqlClause {
  return { kind: 'compare', field: field(name), operator, operand } as JqlClause;
}

const str = (value: string): JqlOperand => ({ kind: 'string', value });

describe('parseJql: query shape', () => {
  it('accepts the empty query and whitespace alone', () => {
    assert.deepEqual(parseOk(''), { where: null, orderBy: [] });
    assert.deepEqual(parseOk(' \t\r\n '), { where: null, orderBy: [] });
  });

  it('accepts ORDER BY alone, with and without directions', () => {
    assert.deepEqual(parseOk('order by created DESC, cf[10010], "Story Points" asc'), {
      where: null,
      orderBy: [
        { field: field('created'), direction: 'desc' },
        { field: { kind: 'customField', id: '10010' }, direction: null },
        { field: field('Story Points'), direction: 'asc' },
      ],
    });
  });

  it('reads keywords in any case and the symbolic forms of AND, OR and NOT', () => {
    const expected = parseOk('a = 1 AND b = 2 OR NOT c = 3 ORDER BY d');
    assert.deepEqual(parseOk('a = 1 aNd b = 2 oR nOt c = 3 OrDeR bY d'), expected);
    assert.deepEqual(parseOk('a = 1 && b = 2 || !c = 3 order by d'), expected);
    assert.deepEqual(parseOk('a=1&b=2|!c=3 order by d'), expected);
  });

  it('binds NOT tighter than AND and AND tighter than OR', () => {
    assert.deepEqual(whereOf('a = 1 OR b = 2 AND NOT c = 3'), {
      kind: 'or',
      clauses: [
        compare('a', '=', { kind: 'number', value: '1' }),
        {
          kind: 'and',
          clauses: [
            compare('b', '=', { kind: 'number', value: '2' }),
            { kind: 'not', clause: compare('c', '=', { kind: 'number', value: '3' }) },
          ],
        },
      ],
    });
  });

  it('keeps nesting written with parentheses and drops redundant ones', () => {
    const where = whereOf('((a = x OR b = y)) AND (c = z)');
    assert.equal(where.kind, 'and');
    assert.deepEqual(where.kind === 'and' && where.clauses.map((clause) => clause.kind), ['or', 'compare']);
    assert.deepEqual(whereOf('(((a = x)))'), compare('a', '=', str('x')));
  });
});

describe('parseJql: fields', () => {
  it('reads plain, quoted, custom and entity-property fields', () => {
    assert.deepEqual(
      whereOf('"Story Points" > 3'),
      compare('Story Points', '>', { kind: 'number', value: '3' }),
    );
    assert.deepEqual(whereOf("'Epic Link' = X"), compare('Epic Link', '=', str('X')));
    assert.deepEqual(whereOf('CF[ 0010010 ] = x'), {
      kind: 'compare',
      field: { kind: 'customField', id: '10010' },
      operator: '=',
      operand: str('x'),
    });
    assert.deepEqual(whereOf('issue.property[stats].comments.count >= 2'), {
      kind: 'compare',
      field: { kind: 'name', name: 'issue.property', property: { key: 'stats', path: 'comments.count' } },
      operator: '>=',
      operand: { kind: 'number', value: '2' },
    });
  });
});

describe('parseJql: operators and history predicates', () => {
  for (const operator of ['=', '!=', '~', '!~', '>', '>=', '<', '<=', 'in', 'not in', 'is', 'is not']) {
    it(`reads the ${operator} operator`, () => {
      const where = whereOf(`f ${operator.toUpperCase()} EMPTY`);
      assert.deepEqual(where, compare('f', operator, { kind: 'empty' }));
    });
  }

  for (const operator of ['was', 'was in', 'was not', 'was not in']) {
    it(`reads the ${operator} operator with predicates`, () => {
      assert.deepEqual(whereOf(`status ${operator} Open BY mia AFTER "2019/01/01"`), {
        kind: 'was',
        field: field('status'),
        operator,
        operand: str('Open'),
        predicates: [
          { operator: 'by', operand: str('mia') },
          { operator: 'after', operand: str('2019/01/01') },
        ],
      });
    });
  }

  it('reads CHANGED with and without predicates', () => {
    assert.deepEqual(whereOf('status changed'), { kind: 'changed', field: field('status'), predicates: [] });
    const where = whereOf(
      'status changed FROM Open TO Done BY (mia, alana) DURING (startOfWeek(), now()) ON x BEFORE y',
    );
    assert.ok(where.kind === 'changed');
    assert.deepEqual(
      where.predicates.map((predicate) => predicate.operator),
      ['from', 'to', 'by', 'during', 'on', 'before'],
    );
  });
});

describe('parseJql: values', () => {
  it('decodes escapes in quoted and unquoted strings', () => {
    assert.deepEqual(whereOf('s ~ "say \\"hi\\"\\n\\t\\u0041"'), compare('s', '~', str('say "hi"\n\tA')));
    assert.deepEqual(whereOf("s ~ 'it\\'s \"fine\"'"), compare('s', '~', str('it\'s "fine"')));
    assert.deepEqual(whereOf('s = a\\ b\\u0021'), compare('s', '=', str('a b!')));
  });

  it('tells whole numbers from strings that merely contain digits', () => {
    assert.deepEqual(whereOf('a = -12'), compare('a', '=', { kind: 'number', value: '-12' }));
    assert.deepEqual(whereOf('a = "12"'), compare('a', '=', str('12')));
    assert.deepEqual(whereOf('a = 1.5'), compare('a', '=', str('1.5')));
    assert.deepEqual(whereOf('key = PROJ-1'), compare('key', '=', str('PROJ-1')));
    assert.deepEqual(
      whereOf('a = 9223372036854775807'),
      compare('a', '=', { kind: 'number', value: '9223372036854775807' }),
    );
  });

  it('reads lists, nested lists, functions and EMPTY or NULL', () => {
    assert.deepEqual(whereOf('a in (x, (1, y), f(), EMPTY, null)'), {
      kind: 'compare',
      field: field('a'),
      operator: 'in',
      operand: {
        kind: 'list',
        values: [
          str('x'),
          { kind: 'list', values: [{ kind: 'number', value: '1' }, str('y')] },
          { kind: 'function', name: 'f', args: [] },
          { kind: 'empty' },
          { kind: 'empty' },
        ],
      },
    });
    assert.deepEqual(
      whereOf('a in membersOf("jira users", 10, \'x\')'),
      compare('a', 'in', {
        kind: 'function',
        name: 'membersOf',
        args: ['jira users', '10', 'x'],
      }),
    );
  });

  it('accepts reserved words only when quoted', () => {
    assert.deepEqual(whereOf('assignee = "user"'), compare('assignee', '=', str('user')));
    assert.match(parseError('assignee = user').message, /'user' is a reserved JQL word/);
  });
});

const expectedOperators = [
  ...['=', '!=', '~', '!~', '>', '>=', '<', '<=', 'IN', 'NOT IN', 'IS', 'IS NOT'],
  ...['WAS', 'WAS IN', 'WAS NOT', 'WAS NOT IN', 'CHANGED'],
];
/** Invalid queries: where each error points, and what the parser expected there. */
const syntaxErrorCases: readonly (readonly [string, number, readonly string[]])[] = [
  ['assignee', 8, expectedOperators],
  ['assignee = ', 11, ['value', 'list', 'function']],
  ['a = b c', 6, ['AND', 'OR', 'ORDER BY', 'end of query']],
  ['(a = b c', 7, ['AND', 'OR', ')']],
  ['a = (b, c', 9, [',', ')']],
  ['a not b', 6, ['IN']],
  ['a = b AND', 9, ['field name', 'NOT', '(']],
  ['= a', 0, ['field name', 'NOT', '(']],
  ['order created', 6, ['BY']],
  ['order by a b', 11, ['ASC', 'DESC', ',', 'end of query']],
  ['order by a desc b', 16, [',', 'end of query']],
  ['a = b order by', 14, ['field name']],
  ['cf[abc] = 1', 3, ['custom field id']],
  ['cf[-1] = 1', 3, ['custom field id']],
  ['a = f(x', 7, [',', ')']],
  ['a = f(,)', 6, ['argument']],
  ['a = "abc', 4, ['"']],
  ['"" = a', 0, ['field name']],
  ['p[k] = 1', 5, ['property path']],
  ['a = 9223372036854775808', 4, ['value']],
  ['a = b by mia', 6, ['AND', 'OR', 'ORDER BY', 'end of query']],
  ['x = a*b', 5, []],
  ['a = \\q', 4, []],
  ['assignee = user', 11, []],
];

describe('parseJql: syntax errors', () => {
  for (const [text, position, expected] of syntaxErrorCases) {
    it(`points at ${position} in ${JSON.stringify(text)}`, () => {
      const error = parseError(text);
      assert.equal(error.position, position, error.message);
      assert.deepEqual(error.expected, expected);
      assert.match(error.message, /^Error in the JQL Query: .+ \(line 1, character \d+\)$/);
    });
  }

  it('names the line and character of a multi-line query', () => {
    const error = parseError('a = b\nAND c');
    assert.equal(error.position, 11);
    assert.match(error.message, /but got the end of the query\. \(line 2, character 6\)$/);
  });

  it('says why history predicates are refused after other operators', () => {
    assert.match(parseError('a = b by mia').message, /can only follow the WAS and CHANGED operators/);
  });

  it('refuses absurd nesting instead of overflowing the stack', () => {
    const deep = `${'('.repeat(500)}a = b${')'.repeat(500)}`;
    assert.match(parseError(deep).message, /nests deeper than/);
    assert.ok(parseJql(`${'('.repeat(100)}a = b${')'.repeat(100)}`).ok);
  });
});

describe('printJql', () => {
  const cases: readonly (readonly [string, string])[] = [
    ['', ''],
    ['order   by created', 'ORDER BY created'],
    [
      'issuetype = Bug AND assignee in (abcde-12345) order by lastViewed DESC',
      'issuetype = Bug AND assignee in (abcde-12345) ORDER BY lastViewed DESC',
    ],
    ['a = 1 and (b = 2 and c = 3)', 'a = 1 AND (b = 2 AND c = 3)'],
    ['(a = 1 or b = 2) and c = 3', '(a = 1 OR b = 2) AND c = 3'],
    ['a = 1 or b = 2 and c = 3', 'a = 1 OR b = 2 AND c = 3'],
    ['!(a = 1 || b = 2)', 'NOT (a = 1 OR b = 2)'],
    ['not not a = 1', 'NOT NOT a = 1'],
    [
      'a = \'x y\' and b = "user" and c = "42" and d is null',
      'a = "x y" AND b = "user" AND c = "42" AND d is EMPTY',
    ],
    ['s ~ "tab\\there \\"q\\" \\\\ \\u0007"', 's ~ "tab\\there \\"q\\" \\\\ \\u0007"'],
    ['status WAS NOT IN (a, b) BY mia after -1d', 'status was not in (a, b) by mia after -1d'],
    ['CF[010] changed', 'cf[10] changed'],
    ["'my field'[\"k k\"]'.p q' = 1", '"my field"["k k"]".p q" = 1'],
    ['a in "my fn"(1, "x y")', 'a in "my fn"(1, "x y")'],
  ];

  for (const [input, printed] of cases) {
    it(`prints ${JSON.stringify(input)} as ${JSON.stringify(printed)}`, () => {
      const query = parseOk(input);
      assert.equal(printJql(query), printed);
      assert.deepEqual(parseOk(printed), query);
    });
  }
});
