/**
 * Text Veil refuses wherever it comes from (a path, a query, a body, a header, a JWT claim, a scenario
 * file): U+0000, which PostgreSQL cannot store, and unpaired surrogates, which are not text at all. Names
 * (display names, group names, app names…) also refuse control characters and the bidirectional
 * overrides and isolates that make a name read as something else. Pure: no framework, no I/O.
 */
import { type ErrorDetail, VeilError } from '../errors/veil-error.ts';

/** One step into a JSON value: a key or an array index. */
export type PathStep = string | number;

/** How many problems one request or file reports at most (a body of a thousand NULs needs one). */
const problemLimit = 20;

/** Why `text` is refused everywhere, or undefined when it is fine. */
export function describeUnsafeText(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain U+0000 (NUL)';
  if (!text.isWellFormed()) return 'must not contain an unpaired surrogate';
  return undefined;
}

// C0 and C1 controls (tab and newline included), embeddings and overrides U+202A–202E, isolates U+2066–2069.
const nameBreakers = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;

/** Whether `text` may be a name: no control character, no bidirectional override or isolate, well formed. */
export function isCleanName(text: string): boolean {
  return !nameBreakers.test(text) && text.isWellFormed();
}

/** What a refused name is told. */
export const uncleanNameMessage = 'must not contain control characters or bidirectional overrides';

/** Where a value lies: its last step and where its parent lies (shared, so no path is copied per value). */
interface Place {
  readonly step: PathStep;
  readonly parent: Place | undefined;
}

/** How many steps of a path a problem names at most; a deeper one ends in `…`. */
const longestPath = 32;

/** The steps from the root to `place`, the first `longestPath` of them. */
function stepsTo(place: Place | undefined): PathStep[] {
  const steps: PathStep[] = [];
  for (let at = place; at !== undefined; at = at.parent) steps.push(at.step);
  steps.reverse();
  return steps.length > longestPath ? [...steps.slice(0, longestPath), '…'] : steps;
}

/** A value still to look at, or a refused key already found (reported in its turn, so in document order). */
interface Pending {
  readonly value: unknown;
  readonly place: Place | undefined;
  readonly keyProblem?: string;
}

/** The children of an array or object, last first (the walk pops them), and a marker for a refused key. */
function pushChildren(pending: Pending[], current: object, place: Place | undefined): void {
  if (Array.isArray(current)) {
    for (let i = current.length - 1; i >= 0; i--)
      pending.push({ value: current[i], place: { step: i, parent: place } });
    return;
  }
  const entries = Object.entries(current);
  for (let i = entries.length - 1; i >= 0; i--) {
    const [key, child] = entries[i] as [string, unknown];
    const keyProblem = describeUnsafeText(key);
    if (keyProblem) pending.push({ value: undefined, place, keyProblem: `has a key that ${keyProblem}` });
    else pending.push({ value: child, place: { step: key, parent: place } });
  }
}

/**
 * Every string and key in a JSON-like value that `describeUnsafeText` refuses, in document order, each
 * located by `pathOf` (at most `problemLimit`). Walks without recursion, and in time linear in the
 * value's size whatever its depth (a body of 100,000 nested arrays fits the body limit), so no nesting
 * can overflow or stall it: a value's place links to its parent's, and becomes a path only for a problem.
 */
export function findUnsafeText(
  value: unknown,
  pathOf: (steps: readonly PathStep[]) => string,
): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const pending: Pending[] = [{ value, place: undefined }];
  while (pending.length > 0 && problems.length < problemLimit) {
    const { value: current, place, keyProblem } = pending.pop() as Pending;
    const problem = keyProblem ?? (typeof current === 'string' ? describeUnsafeText(current) : undefined);
    if (problem) problems.push({ path: pathOf(stepsTo(place)), message: problem });
    else if (current !== null && typeof current === 'object') pushChildren(pending, current, place);
  }
  return problems;
}

/** `headers.authorization`, `body.accounts.0.name`: the paths of the API's own validation errors. */
export function requestPath(part: string): (steps: readonly PathStep[]) => string {
  return (steps) => [part, ...steps].join('.');
}

/** A 400 (`request.invalid`) listing the refused text in `value` (found under `part`), if there is any. */
export function assertSafeText(value: unknown, part: string): void {
  const problems = findUnsafeText(value, requestPath(part));
  if (problems.length === 0) return;
  throw new VeilError(
    'request.invalid',
    `The request carries text Veil cannot accept: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`,
    problems,
  );
}
