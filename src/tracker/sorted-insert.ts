/**
 * Inserts `item` into the sorted `list`, keeping only the first `limit` items; returns whether it was
 * kept. This finds the first page without sorting every match.
 */
export function insertBounded<T>(
  list: T[],
  item: T,
  limit: number,
  compare: (a: T, b: T) => number,
): boolean {
  if (limit <= 0) return false;
  const last = list[list.length - 1];
  if (list.length >= limit && last !== undefined && compare(item, last) >= 0) return false;
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compare(list[middle]!, item) <= 0) low = middle + 1;
    else high = middle;
  }
  list.splice(low, 0, item);
  if (list.length > limit) list.pop();
  return true;
}
