import { VeilError } from '../errors/veil-error.ts';

/**
 * All values of a multi-valued parameter, however the client sent them: repeated (`a=1&a=2`),
 * comma-joined (`a=1,2` or `a=1%2C2`), or jira.js 5's double-encoded `a=1%26a%3D2`. None of these
 * separators can occur inside an accountId, so splitting on them is safe.
 */
export function readMultiValue(raw: unknown, name: string): string[] {
  const values = raw === undefined ? [] : Array.isArray(raw) ? raw.map(String) : [String(raw)];
  return values
    .flatMap((value) => value.split(new RegExp(`&${name}=|,`)))
    .map((value) => value.trim())
    .filter((value) => value !== '');
}

/** The page a list operation answers: `startAt` from 0, `maxResults` capped (never an error above the cap). */
export function readPage(
  query: { startAt?: number; maxResults?: number },
  defaults: { maxResults: number; cap: number },
) {
  const startAt = query.startAt ?? 0;
  const requested = query.maxResults ?? defaults.maxResults;
  if (startAt < 0)
    throw new VeilError('request.invalid', 'startAt must not be negative', [
      { path: 'startAt', message: 'must be 0 or more' },
    ]);
  if (requested < 0) {
    throw new VeilError('request.invalid', 'maxResults must not be negative', [
      { path: 'maxResults', message: 'must be 0 or more' },
    ]);
  }
  return { startAt, maxResults: Math.min(requested, defaults.cap) };
}

/** The comma-separated `expand` parameter as a set of names. */
export function readExpand(raw: string | undefined): Set<string> {
  return new Set(
    (raw ?? '')
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean),
  );
}
