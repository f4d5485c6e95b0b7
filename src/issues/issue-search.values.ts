/**
 * The values of JQL operands as the search compares them: strings, dates (absolute, relative, functions)
 * and sets of people (accountIds, `currentUser()`, `membersOf()`, `EMPTY`). Pure.
 */
import { VeilError } from '../errors/veil-error.ts';
import type { JqlOperand } from '../jql/jql.ast.ts';
import { unsupportedClause } from './issue-search.fields.ts';
import type { CustomField } from './issues.model.ts';

/** What a query is evaluated against: the site, the caller, the clock's now and the site's fields. */
export interface SearchContext {
  readonly siteId: string;
  readonly now: Date;
  /** The caller's accountId (`currentUser()`); null for anonymous callers, whom it never matches. */
  readonly actorId: string | null;
  readonly customFields: readonly CustomField[];
  /** The accountId a user reference names (itself, or in the legacy stage the owner of a username or key). */
  readonly userOf: (reference: string) => string;
}

/** One value of an operand: a list flattened. */
export type Atom = Exclude<JqlOperand, { kind: 'list' }>;

/** The values of an operand, lists flattened. */
export function atomsOf(operand: JqlOperand): Atom[] {
  return operand.kind === 'list' ? operand.values.flatMap(atomsOf) : [operand];
}

function badValue(message: string): VeilError {
  return new VeilError('jql.invalid', message, [{ path: 'jql', message }]);
}

/** The strings of an operand (`EMPTY` reported apart); a function here is a 400 naming it. */
export function stringsOf(operand: JqlOperand, field: string): { values: string[]; empty: boolean } {
  const values: string[] = [];
  let empty = false;
  for (const atom of atomsOf(operand)) {
    if (atom.kind === 'empty') empty = true;
    else if (atom.kind === 'function')
      throw unsupportedClause(`${atom.name}() with '${field}'`, 'not a value');
    else values.push(atom.value);
  }
  return { values, empty };
}

/** People named by an operand: accountIds, groups (`membersOf`), and whether `EMPTY` is among them. */
export interface PeopleSet {
  readonly ids: string[];
  readonly groups: string[];
  readonly empty: boolean;
}

/** The people of an operand; unknown functions are a 400 that names them. */
export function peopleOf(operand: JqlOperand, context: SearchContext, field: string): PeopleSet {
  const set = { ids: [] as string[], groups: [] as string[], empty: false };
  for (const atom of atomsOf(operand)) {
    if (atom.kind === 'empty') set.empty = true;
    else if (atom.kind !== 'function') set.ids.push(context.userOf(atom.value));
    else if (atom.name.toLowerCase() === 'currentuser' && atom.args.length === 0) {
      if (context.actorId !== null) set.ids.push(context.actorId);
    } else if (atom.name.toLowerCase() === 'membersof' && atom.args.length === 1) {
      set.groups.push((atom.args[0] as string).toLowerCase());
    } else throw unsupportedClause(`the function ${atom.name}() with '${field}'`, 'it is not one Veil runs');
  }
  return set;
}

const dayMillis = 86_400_000;
const units: Readonly<Record<string, number>> = { w: 7 * dayMillis, d: dayMillis, h: 3_600_000, m: 60_000 };

/** A relative period such as `-1d`, `-4w 2d` or `+3h`, in milliseconds; null when it is not one. */
function relativeMillis(text: string): number | null {
  const trimmed = text.trim();
  if (!/^[-+]?(\s*[0-9]{1,6}\s*[wdhm])+$/.test(trimmed)) return null;
  const sign = trimmed.startsWith('-') ? -1 : 1;
  let total = 0;
  for (const [, n, unit] of trimmed.matchAll(/([0-9]{1,6})\s*([wdhm])/g))
    total += Number(n) * (units[unit as string] ?? 0);
  return sign * total;
}

/** An absolute date as JQL writes it (`2026-11-05`, `2026/11/05 14:30`), read in UTC; null otherwise. */
function absoluteDate(text: string): Date | null {
  const match = /^([0-9]{4})[-/]([0-9]{1,2})[-/]([0-9]{1,2})(?:\s+([0-9]{1,2}):([0-9]{2}))?$/.exec(
    text.trim(),
  );
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number) as number[];
  const date = new Date(Date.UTC(y as number, (mo as number) - 1, d, h || 0, mi || 0));
  return Number.isNaN(date.getTime()) || date.getUTCDate() !== d ? null : date;
}

function startOfDay(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

function dateFunction(atom: Extract<Atom, { kind: 'function' }>, now: Date): Date {
  const name = atom.name.toLowerCase();
  const offset = atom.args[0] === undefined ? 0 : relativeMillis(atom.args[0]);
  if (offset === null || atom.args.length > 1)
    throw badValue(`The arguments of ${atom.name}() are not valid.`);
  if (name === 'now' && atom.args.length === 0) return now;
  if (name === 'startofday') return new Date(startOfDay(now).getTime() + offset);
  if (name === 'endofday') return new Date(startOfDay(now).getTime() + dayMillis - 1 + offset);
  throw unsupportedClause(`the function ${atom.name}() with a date`, 'it is not one Veil runs');
}

/** The date a value names, against the clock's now; a 400 for one that is not a date. */
export function dateOf(atom: Atom, now: Date, field: string): Date {
  if (atom.kind === 'function') return dateFunction(atom, now);
  if (atom.kind === 'empty') throw badValue(`EMPTY cannot be compared with '${field}'.`);
  const relative = relativeMillis(atom.value);
  if (relative !== null) return new Date(now.getTime() + relative);
  const absolute = absoluteDate(atom.value);
  if (absolute) return absolute;
  throw badValue(
    `Date value '${atom.value}' for field '${field}' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.`,
  );
}
