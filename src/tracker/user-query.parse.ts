/**
 * The structured user query of `GET /user/search/query`: `is <relation> of <targets>` clauses on issues,
 * and property clauses (`[key].path is "value"`), combined with `and`/`or` and parentheses. Pure. Anything
 * else is refused with a 400 naming what is not supported.
 */
import { VeilError } from '../errors/veil-error.ts';

export const userRelations = [
  'assignee',
  'reporter',
  'watcher',
  'voter',
  'commenter',
  'transitioner',
] as const;
export type UserRelation = (typeof userRelations)[number];

/** An issue (`ACME-1`) or every issue of a project (`ACME`); keys upper case. */
export type IssueTarget =
  | { readonly kind: 'issue'; readonly projectKey: string; readonly issueNumber: number }
  | { readonly kind: 'project'; readonly projectKey: string };

export type UserQuery =
  | { readonly kind: 'clause'; readonly relation: UserRelation; readonly targets: readonly IssueTarget[] }
  | {
      readonly kind: 'property';
      readonly propertyKey: string;
      readonly path: readonly string[];
      readonly value: string;
    }
  | { readonly kind: 'and' | 'or'; readonly parts: readonly UserQuery[] };

const maxQueryLength = 2000;
const maxClauses = 50;

export function queryInvalid(message: string): VeilError {
  return new VeilError('request.invalid', message, [{ path: 'query', message }]);
}

/**
 * The tokens of a query: words, `(`, `)`, `,`, property references (`[key].a.b`, kept whole) and quoted
 * values (kept with their quotes). Words never start with `[` or `"`, so the raw text tells them apart.
 */
function tokensOf(text: string): string[] {
  const tokens: string[] = [];
  const pattern =
    /\s*(?:([A-Za-z0-9_-]+|[(),]|\[[^\]\s]{1,255}\](?:\.[^\s.()",[\]]+)*|"(?:[^"\\]|\\.)*")|(\S))/gy;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const [, token, other] = match;
    if (other !== undefined) throw queryInvalid(`The query has an unexpected character: ${other}`);
    tokens.push(token as string);
    if (pattern.lastIndex >= text.length) break;
  }
  return tokens;
}

/** `[key].a.b` as the key and the path into the property's value. */
function propertyOf(token: string): { propertyKey: string; path: string[] } {
  const close = token.indexOf(']');
  const path = token
    .slice(close + 1)
    .split('.')
    .slice(1);
  return { propertyKey: token.slice(1, close), path };
}

/** A quoted value as JSON reads it, or a 400. */
function quotedValue(token: string | undefined): string {
  if (token?.startsWith('"')) {
    try {
      return JSON.parse(token) as string;
    } catch {
      // falls through to the 400
    }
  }
  throw queryInvalid(`Expected a quoted value, found ${token ?? 'the end of the query'}`);
}

const targetPattern = /^([A-Z][A-Z0-9_]*)(?:-([1-9][0-9]{0,9}))?$/;

function targetOf(token: string | undefined): IssueTarget {
  const match = token === undefined ? null : targetPattern.exec(token.toUpperCase());
  if (!match)
    throw queryInvalid(`Expected an issue or project key, found ${token ?? 'the end of the query'}`);
  const projectKey = match[1] as string;
  return match[2] === undefined
    ? { kind: 'project', projectKey }
    : { kind: 'issue', projectKey, issueNumber: Number(match[2]) };
}

/** A recursive-descent reader over the tokens: `or` binds looser than `and`. */
class Reader {
  private position = 0;
  clauses = 0;
  private readonly tokens: readonly string[];
  constructor(tokens: readonly string[]) {
    this.tokens = tokens;
  }

  peek(): string | undefined {
    return this.tokens[this.position];
  }
  next(): string | undefined {
    return this.tokens[this.position++];
  }
  accept(word: string): boolean {
    if (this.peek()?.toLowerCase() !== word) return false;
    this.position++;
    return true;
  }
  expect(word: string): void {
    if (!this.accept(word))
      throw queryInvalid(`Expected ${word}, found ${this.peek() ?? 'the end of the query'}`);
  }

  either(): UserQuery {
    const parts = [this.both()];
    while (this.accept('or')) parts.push(this.both());
    return parts.length === 1 ? (parts[0] as UserQuery) : { kind: 'or', parts };
  }
  both(): UserQuery {
    const parts = [this.factor()];
    while (this.accept('and')) parts.push(this.factor());
    return parts.length === 1 ? (parts[0] as UserQuery) : { kind: 'and', parts };
  }
  factor(): UserQuery {
    if (this.accept('(')) {
      const inner = this.either();
      this.expect(')');
      return inner;
    }
    return this.clause();
  }
  clause(): UserQuery {
    if (++this.clauses > maxClauses) throw queryInvalid(`A query has at most ${maxClauses} clauses`);
    if (this.peek()?.startsWith('[')) {
      const { propertyKey, path } = propertyOf(this.next() as string);
      this.expect('is');
      return { kind: 'property', propertyKey, path, value: quotedValue(this.next()) };
    }
    this.expect('is');
    const word = this.next()?.toLowerCase();
    const relation = userRelations.find((known) => known === word);
    if (!relation) throw queryInvalid(`The relation ${word ?? '(none)'} is not supported`);
    this.expect('of');
    return { kind: 'clause', relation, targets: this.targets() };
  }
  targets(): IssueTarget[] {
    if (!this.accept('(')) return [targetOf(this.next())];
    const targets = [targetOf(this.next())];
    while (this.accept(',')) targets.push(targetOf(this.next()));
    this.expect(')');
    return targets;
  }
  end(): void {
    const rest = this.peek();
    if (rest !== undefined) throw queryInvalid(`Unexpected ${rest} in the query`);
  }
}

/** The query read, or a 400 naming what is wrong or not supported. */
export function parseUserQuery(text: string | undefined): UserQuery {
  if (text === undefined || text.trim() === '')
    throw queryInvalid('The query parameter needs to be provided');
  if (text.length > maxQueryLength)
    throw queryInvalid(`The query is longer than ${maxQueryLength} characters`);
  const reader = new Reader(tokensOf(text));
  const query = reader.either();
  reader.end();
  return query;
}
