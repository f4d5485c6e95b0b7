/**
 * JQL's lexical rules, shared by the parser (to read) and the printer (to decide when a string needs quotes).
 * They follow Jira's grammar: an unquoted string runs until whitespace or one of `"'=!<>()~,[]|&`;
 * `{}*\/%+^$#@?;` are reserved and never allowed unquoted; keywords are case-insensitive; and an unquoted
 * string that is a reserved word (`user`, `order`, `empty`, …) is an error, it must be quoted.
 */
import type { JqlSyntaxError } from './jql.ast.ts';

export type JqlKeyword =
  | 'and'
  | 'or'
  | 'not'
  | 'in'
  | 'is'
  | 'empty'
  | 'was'
  | 'changed'
  | 'after'
  | 'before'
  | 'by'
  | 'during'
  | 'on'
  | 'from'
  | 'to'
  | 'order'
  | 'asc'
  | 'desc'
  | 'cf';

export type JqlSymbol = '(' | ')' | ',' | '[' | ']' | '=' | '!=' | '~' | '!~' | '<' | '<=' | '>' | '>=' | '!';

interface TokenSpan {
  readonly start: number;
  readonly end: number;
}

export type JqlToken =
  | (TokenSpan & { readonly kind: 'string'; readonly value: string })
  | (TokenSpan & { readonly kind: 'number'; readonly value: string })
  | (TokenSpan & { readonly kind: 'keyword'; readonly value: JqlKeyword })
  | (TokenSpan & { readonly kind: 'symbol'; readonly value: JqlSymbol })
  | (TokenSpan & { readonly kind: 'end' });

export type JqlTokenizeResult =
  | { readonly ok: true; readonly tokens: readonly JqlToken[] }
  | { readonly ok: false; readonly error: JqlSyntaxError };

type ScanResult = { readonly token: JqlToken } | { readonly error: JqlSyntaxError };

const keywords: ReadonlyMap<string, JqlKeyword> = new Map<string, JqlKeyword>([
  ...(
    ['and', 'or', 'not', 'in', 'is', 'empty', 'was', 'changed', 'after', 'before', 'by', 'during'] as const
  ).map((word) => [word, word] as const),
  ...(['on', 'from', 'to', 'order', 'asc', 'desc', 'cf'] as const).map((word) => [word, word] as const),
  ['null', 'empty'],
]);

// Jira's list (JqlStringSupportImpl.RESERVED_WORDS): these words are refused unquoted even where no
// keyword is expected, so saved filters keep parsing if JQL ever grows them into keywords.
const reservedWords: ReadonlySet<string> = new Set(
  `abort access add after alias all alter and any as asc audit avg before begin between boolean break by byte
  catch cf changed char character check checkpoint collate collation column commit connect continue count create
  current date decimal declare decrement default defaults define delete delimiter desc difference distinct divide
  do double drop else empty encoding end equals escape exclusive exec execute exists explain false fetch file field
  first float for from function go goto grant greater group having identified if immediate in increment index
  initial inner inout input insert int integer intersect intersection into is isempty isnull join last left less
  like limit lock long max min minus mode modify modulo more multiply next noaudit not notin nowait null number
  object of on option or order outer output power previous prior privileges public raise raw remainder rename
  resource return returns revoke right row rowid rownum rows select session set share size sqrt start strict string
  subtract sum synonym table then to trans transaction trigger true uid union unique update user validate values
  view was when whenever where while with`.split(/\s+/),
);

const symbolTokens: readonly (readonly [string, JqlSymbol | 'and' | 'or'])[] = [
  ['!=', '!='],
  ['!~', '!~'],
  ['<=', '<='],
  ['>=', '>='],
  ['&&', 'and'],
  ['||', 'or'],
  ['(', '('],
  [')', ')'],
  [',', ','],
  ['[', '['],
  [']', ']'],
  ['=', '='],
  ['~', '~'],
  ['<', '<'],
  ['>', '>'],
  ['!', '!'],
  ['&', 'and'],
  ['|', 'or'],
];

const whitespace = new Set([' ', '\t', '\n', '\r']);
const stopCharacters = new Set(['"', "'", '=', '!', '<', '>', '(', ')', '~', ',', '[', ']', '|', '&']);
const reservedCharacters = new Set(['{', '}', '*', '/', '%', '+', '^', '$', '#', '@', '?', ';']);
const simpleEscapes: ReadonlyMap<string, string> = new Map([
  ['t', '\t'],
  ['n', '\n'],
  ['r', '\r'],
  ['"', '"'],
  ["'", "'"],
  ['\\', '\\'],
  [' ', ' '],
]);
const longRange = { min: -(2n ** 63n), max: 2n ** 63n - 1n };

/** Splits a query into tokens, ending with an `end` token; the first lexical error stops it. */
export function tokenizeJql(text: string): JqlTokenizeResult {
  const tokens: JqlToken[] = [];
  let index = skipWhitespace(text, 0);
  while (index < text.length) {
    const scanned = scanToken(text, index);
    if ('error' in scanned) return { ok: false, error: scanned.error };
    tokens.push(scanned.token);
    index = skipWhitespace(text, scanned.token.end);
  }
  tokens.push({ kind: 'end', start: text.length, end: text.length });
  return { ok: true, tokens };
}

/** Whether `text` can be written without quotes and read back as the same string (or number text). */
export function isPlainJqlWord(text: string): boolean {
  if (text.length === 0) return false;
  for (const char of text) {
    if (!isWordCharacter(char)) return false;
  }
  const lower = text.toLowerCase();
  return !keywords.has(lower) && !reservedWords.has(lower);
}

/** Whether `text` reads as an unquoted JQL number (which makes it a number, not a string, as a value). */
export function isJqlNumberText(text: string): boolean {
  return /^-?[0-9]+$/.test(text);
}

/** Whether a number text fits the signed 64-bit range Jira accepts. */
export function isJqlNumberInRange(text: string): boolean {
  const value = BigInt(text);
  return value >= longRange.min && value <= longRange.max;
}

/** Builds a syntax error with Jira's message shape: "Error in the JQL Query: … (line L, character C)". */
export function createJqlSyntaxError(
  text: string,
  position: number,
  detail: string,
  expected: readonly string[],
): JqlSyntaxError {
  const before = text.slice(0, position).split(/\r\n|\r|\n/);
  const line = before.length;
  const character = (before.at(-1)?.length ?? 0) + 1;
  const message = `Error in the JQL Query: ${detail} (line ${line}, character ${character})`;
  return { position, message, expected };
}

/** Whether a character is a JQL control character, which may appear in a string only as an escape. */
export function isJqlControlCharacter(char: string): boolean {
  const code = char.charCodeAt(0);
  return (
    (code <= 0x1f && code !== 0x0a && code !== 0x0d) ||
    (code >= 0x7f && code <= 0x9f) ||
    (code >= 0xfdd0 && code <= 0xfdef) ||
    code >= 0xfffe
  );
}

/** Writes a character as a JQL `\uXXXX` escape. */
export function formatJqlUnicodeEscape(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

function isWordCharacter(char: string): boolean {
  return !(
    whitespace.has(char) ||
    stopCharacters.has(char) ||
    reservedCharacters.has(char) ||
    char === '\\' ||
    isJqlControlCharacter(char)
  );
}

function skipWhitespace(text: string, index: number): number {
  let cursor = index;
  while (cursor < text.length && whitespace.has(text.charAt(cursor))) cursor += 1;
  return cursor;
}

function scanToken(text: string, start: number): ScanResult {
  const char = text.charAt(start);
  if (char === '"' || char === "'") return scanQuotedString(text, start, char);
  for (const [spelling, value] of symbolTokens) {
    if (!text.startsWith(spelling, start)) continue;
    const end = start + spelling.length;
    if (value === 'and' || value === 'or') return { token: { kind: 'keyword', value, start, end } };
    return { token: { kind: 'symbol', value, start, end } };
  }
  if (reservedCharacters.has(char)) {
    const detail = `The character '${char}' is a reserved JQL character. You must enclose it in a string or use the escape '${formatJqlUnicodeEscape(char)}' instead.`;
    return { error: createJqlSyntaxError(text, start, detail, []) };
  }
  if (isJqlControlCharacter(char)) return { error: illegalCharacterError(text, start) };
  return scanWord(text, start);
}

function scanWord(text: string, start: number): ScanResult {
  let value = '';
  let escaped = false;
  let index = start;
  while (index < text.length) {
    const char = text.charAt(index);
    if (char === '\\') {
      const decoded = decodeEscape(text, index);
      if ('error' in decoded) return decoded;
      value += decoded.value;
      escaped = true;
      index = decoded.end;
    } else if (isWordCharacter(char)) {
      value += char;
      index += 1;
    } else break;
  }
  return classifyWord(text, { start, end: index }, value, escaped);
}

function classifyWord(text: string, span: TokenSpan, value: string, escaped: boolean): ScanResult {
  const lower = value.toLowerCase();
  const keyword = escaped ? undefined : keywords.get(lower);
  if (keyword !== undefined) return { token: { kind: 'keyword', value: keyword, ...span } };
  if (!escaped && isJqlNumberText(value)) return { token: { kind: 'number', value, ...span } };
  if (reservedWords.has(lower)) {
    const detail = `'${value}' is a reserved JQL word. You must surround it in quotation marks to use it in a query.`;
    return { error: createJqlSyntaxError(text, span.start, detail, []) };
  }
  return { token: { kind: 'string', value, ...span } };
}

function scanQuotedString(text: string, start: number, quote: string): ScanResult {
  let value = '';
  let index = start + 1;
  while (index < text.length) {
    const char = text.charAt(index);
    if (char === quote) return { token: { kind: 'string', value, start, end: index + 1 } };
    if (char === '\\') {
      const decoded = decodeEscape(text, index);
      if ('error' in decoded) return decoded;
      value += decoded.value;
      index = decoded.end;
    } else if (isJqlControlCharacter(char)) {
      return { error: illegalCharacterError(text, index) };
    } else {
      value += char;
      index += 1;
    }
  }
  const detail = `The quoted string '${text.slice(start)}' has not been completed.`;
  return { error: createJqlSyntaxError(text, start, detail, [quote]) };
}

function decodeEscape(
  text: string,
  backslash: number,
): { readonly value: string; readonly end: number } | { readonly error: JqlSyntaxError } {
  const next = text.charAt(backslash + 1);
  const simple = simpleEscapes.get(next);
  if (simple !== undefined) return { value: simple, end: backslash + 2 };
  const hex = text.slice(backslash + 2, backslash + 6);
  if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(hex)) {
    return { value: String.fromCharCode(Number.parseInt(hex, 16)), end: backslash + 6 };
  }
  const sequence = next === 'u' ? `\\u${hex}` : `\\${next}`;
  const detail = `The escape sequence '${sequence}' is illegal. The valid escapes are \\t \\n \\r \\" \\' \\\\ \\<space> and \\uXXXX.`;
  return { error: createJqlSyntaxError(text, backslash, detail, []) };
}

function illegalCharacterError(text: string, position: number): JqlSyntaxError {
  const escaped = formatJqlUnicodeEscape(text.charAt(position));
  const detail = `The character '${escaped}' is illegal in a JQL query; write it as that escape inside a string.`;
  return createJqlSyntaxError(text, position, detail, []);
}
