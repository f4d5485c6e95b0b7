/** The operands of JQL clauses: values, `EMPTY`, lists and function calls (the parser's right-hand sides). */
import type { JqlFunctionCall, JqlNumberValue, JqlOperand, JqlSpan, JqlStringValue } from './jql.ast.ts';
import {
  acceptSymbol,
  advance,
  expectSymbol,
  failAt,
  failWith,
  isKeyword,
  isSymbol,
  type JqlCursor,
  parseNested,
  peek,
  peekAhead,
} from './jql.cursor.ts';
import { isJqlNumberInRange } from './jql.lexer.ts';

/** A value, `EMPTY`, a parenthesised list or a function call, as the right side of a clause. */
export function parseOperand(state: JqlCursor): JqlOperand {
  const token = peek(state);
  if (isKeyword(token, 'empty')) {
    advance(state);
    return { kind: 'empty' };
  }
  if (isSymbol(token, '(')) return parseList(state);
  if (token.kind !== 'string' && token.kind !== 'number')
    return failAt(state, token, ['value', 'list', 'function']);
  if (isSymbol(peekAhead(state, 1), '(')) return parseFunctionCall(state);
  advance(state);
  if (token.kind === 'number' && !isJqlNumberInRange(token.value)) {
    failWith(state, token.start, `The number '${token.value}' is out of range.`, ['value']);
  }
  const value: JqlStringValue | JqlNumberValue = { kind: token.kind, value: token.value };
  state.sourceMap?.values.set(value, { start: token.start, end: token.end });
  return value;
}

function parseList(state: JqlCursor): JqlOperand {
  const open = advance(state);
  return parseNested(state, open, () => {
    const values = [parseOperand(state)];
    while (acceptSymbol(state, ',')) values.push(parseOperand(state));
    expectSymbol(state, ')', [',', ')']);
    return { kind: 'list', values };
  });
}

function parseFunctionCall(state: JqlCursor): JqlOperand {
  const name = advance(state);
  if (name.kind !== 'string' && name.kind !== 'number') return failAt(state, name, ['function']);
  if (name.value === '') failWith(state, name.start, 'A function name cannot be empty.', ['function']);
  advance(state);
  const args: string[] = [];
  const spans: JqlSpan[] = [];
  if (!acceptSymbol(state, ')')) {
    do {
      const { start, end } = peek(state);
      args.push(parseArgument(state, ['argument']));
      spans.push({ start, end });
    } while (acceptSymbol(state, ','));
    expectSymbol(state, ')', [',', ')']);
  }
  const call: JqlFunctionCall = { kind: 'function', name: name.value, args };
  state.sourceMap?.arguments.set(call, spans);
  return call;
}

/** A string or number token, as a function argument or a field name. */
export function parseArgument(state: JqlCursor, expected: readonly string[]): string {
  const token = peek(state);
  if (token.kind !== 'string' && token.kind !== 'number') return failAt(state, token, expected);
  advance(state);
  return token.value;
}
