/**
 * The CQL the wiki's people search answers: `user = "<accountId>"`, `user.accountid = "<accountId>"` or
 * `user.fullname ~ "<words>"`, optionally joined with `type = user` by AND. Anything else (another field,
 * operator, OR, NOT, ordering, a second person clause) is refused, naming it. Pure: no I/O.
 */

/** Whom a people search looks for. */
export type PeopleCriterion =
  | { readonly kind: 'account'; readonly accountId: string }
  | { readonly kind: 'fullname'; readonly words: string };

export class CqlProblem extends Error {}

type Token = { kind: 'word' | 'string' | 'op' | 'paren'; text: string };

const tokenPattern =
  /\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|(!=|!~|>=|<=|=|~|>|<)|([()])|([^\s"'=~!<>()]+))/y;

function tokenize(cql: string): Token[] {
  const tokens: Token[] = [];
  tokenPattern.lastIndex = 0;
  for (;;) {
    const start = tokenPattern.lastIndex;
    if (/^\s*$/.test(cql.slice(start))) return tokens;
    const match = tokenPattern.exec(cql);
    if (!match) throw new CqlProblem(`The CQL query does not parse at offset ${start}`);
    const quoted = match[1] ?? match[2];
    if (quoted !== undefined) tokens.push({ kind: 'string', text: quoted.replace(/\\(.)/g, '$1') });
    else if (match[3]) tokens.push({ kind: 'op', text: match[3] });
    else if (match[4]) tokens.push({ kind: 'paren', text: match[4] });
    else tokens.push({ kind: 'word', text: match[5] ?? '' });
  }
}

/** One `field op value` of an AND-only query (the field lower-cased). */
export interface CqlClause {
  readonly field: string;
  readonly op: string;
  readonly value: string;
}

/** The clauses of an AND-only query. */
function readClauses(tokens: Token[]): CqlClause[] {
  const clauses: CqlClause[] = [];
  for (let at = 0; at < tokens.length; ) {
    const [field, op, value] = [tokens[at], tokens[at + 1], tokens[at + 2]];
    if (field?.kind !== 'word')
      throw new CqlProblem(`Unsupported CQL: ${field?.text ?? 'nothing'} where a field was expected`);
    if (op?.kind !== 'op')
      throw new CqlProblem(
        `Unsupported CQL: ${op?.text ?? 'nothing'} after ${field.text} (an operator was expected)`,
      );
    if (value?.kind !== 'string' && value?.kind !== 'word')
      throw new CqlProblem(`Unsupported CQL: a value was expected after ${field.text} ${op.text}`);
    clauses.push({ field: field.text.toLowerCase(), op: op.text, value: value.text });
    at += 3;
    const joint = tokens[at];
    if (joint === undefined) break;
    if (joint.kind !== 'word' || joint.text.toUpperCase() !== 'AND')
      throw new CqlProblem(`Unsupported CQL: ${joint.text} (only AND joins clauses)`);
    at++;
  }
  return clauses;
}

function criterionOf(clause: CqlClause): PeopleCriterion | null {
  const { field, op, value } = clause;
  if (field === 'type') {
    if (op === '=' && value.toLowerCase() === 'user') return null;
    throw new CqlProblem(`Unsupported CQL: type ${op} ${value} (the people search answers type = user)`);
  }
  if ((field === 'user' || field === 'user.accountid') && op === '=')
    return { kind: 'account', accountId: value };
  if (field === 'user.fullname' && op === '~') return { kind: 'fullname', words: value };
  throw new CqlProblem(`Unsupported CQL: ${field} ${op} (use user =, user.accountid = or user.fullname ~)`);
}

/** The clauses of an AND-only CQL query, or a `CqlProblem` saying where it is not one. */
export function readCqlClauses(cql: string): CqlClause[] {
  return readClauses(tokenize(cql));
}

/** Whom the CQL of a people search looks for, or a `CqlProblem` naming what it cannot answer. */
export function readPeopleCql(cql: string): PeopleCriterion {
  const criteria = readCqlClauses(cql).flatMap((clause) => {
    const criterion = criterionOf(clause);
    return criterion ? [criterion] : [];
  });
  if (criteria.length !== 1)
    throw new CqlProblem(
      'Unsupported CQL: the people search needs exactly one user, user.accountid or user.fullname clause',
    );
  return criteria[0] as PeopleCriterion;
}
