import { VeilError } from '../errors/veil-error.ts';

/** Where a page starts and how many items it may hold. */
export interface PageRequest {
  startAt: number;
  maxResults: number;
}

/** The paged envelope every user API answers with (see `PageOf` in `paging.schemas.ts`). */
export interface Page<Value> extends PageRequest {
  self: string;
  nextPage?: string;
  total: number;
  isLast: boolean;
  values: Value[];
}

/** The page a list operation answers: `startAt` from 0, `maxResults` capped (never an error above the cap). */
export function readPage(
  query: { startAt?: number; maxResults?: number },
  defaults: { maxResults: number; cap: number },
): PageRequest {
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

/**
 * The page of `items` that `page` asks for, each item rendered by `render`, as the envelope whose
 * `self` is `self`: `nextPage` (that URL with the next `startAt`) is given while more remain.
 */
export function pageOf<Item, Value>(
  self: string,
  items: readonly Item[],
  { startAt, maxResults }: PageRequest,
  render: (item: Item) => Value,
): Page<Value> {
  const slice = items.slice(startAt, startAt + maxResults);
  const isLast = startAt + slice.length >= items.length;
  return {
    self,
    ...(isLast ? {} : { nextPage: withStartAt(self, startAt + maxResults) }),
    maxResults,
    startAt,
    total: items.length,
    isLast,
    values: slice.map(render),
  };
}

/** The same URL with `startAt` set, for `nextPage`. */
export function withStartAt(url: string, startAt: number): string {
  const parsed = new URL(url);
  parsed.searchParams.set('startAt', String(startAt));
  return parsed.toString();
}
