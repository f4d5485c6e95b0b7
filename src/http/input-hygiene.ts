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

/**
 * Every string and key in a JSON-like value that `describeUnsafeText` refuses, each located by
 * `pathOf` (at most `problemLimit`). Walks without recursion, so no nesting depth can overflow it.
 */
export function findUnsafeText(
  value: unknown,
  pathOf: (steps: readonly PathStep[]) => string,
): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const pending: { value: unknown; steps: readonly PathStep[] }[] = [{ value, steps: [] }];
  while (pending.length > 0 && problems.length < problemLimit) {
    const { value: current, steps } = pending.pop() as { value: unknown; steps: readonly PathStep[] };
    if (typeof current === 'string') {
      const problem = describeUnsafeText(current);
      if (problem) problems.push({ path: pathOf(steps), message: problem });
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) pending.push({ value: current[i], steps: [...steps, i] });
    } else if (current !== null && typeof current === 'object') {
      const entries = Object.entries(current);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i] as [string, unknown];
        const keyProblem = describeUnsafeText(key);
        if (keyProblem) problems.push({ path: pathOf(steps), message: `has a key that ${keyProblem}` });
        else pending.push({ value: child, steps: [...steps, key] });
      }
    }
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
