/**
 * Reads the candidates of one search audience from the search tables in display-name order, a page at a
 * time, one part of the name order after another (see `segmentsOf`). What it yields are candidates:
 * user-search.ts checks each against the viewer's view before answering.
 */
import type { Directory, DirectoryEntry } from '../directory/directory.ts';
import { leadCap } from '../directory/search-rows.ts';
import {
  distinctTerms,
  type Keyset,
  orderedPage,
  type SearchScope,
  type SortRange,
  sparseCandidates,
  startingWith,
  type TermList,
} from './user-search.repository.ts';

/** How a part of the name order outside a prefix's range is read (every choice gives the same page). */
export interface SearchTuning {
  /** A part whose matches have at most this many term rows is read by accountId from those rows. */
  readonly sparseLimit: number;
  /**
   * Else, a part whose matches have at most this many distinct terms is read through those terms' rows
   * of the term index; else by an ordered scan of the part, filtered by the words.
   */
  readonly termLimit: number;
}

export const defaultTuning: SearchTuning = { sparseLimit: 1000, termLimit: 50 };

/**
 * A part of the name order an audience's matches are read from: only `among` when given, or through the
 * rows of the terms `through` lists.
 */
interface Segment {
  readonly range: SortRange;
  readonly among: readonly string[] | null;
  readonly through: TermList | null;
}

const everySortKey: SortRange = { from: null, below: null };

/**
 * Where a scope's matches are, in order. For a prefix of L code points, the name order nests: sort keys
 * that start with its first 0, 1, … L code points. The innermost range (sort keys that start with the
 * prefix) nearly all match: a page costs the page. Outside it, at depth d (sort keys sharing exactly d
 * code points with the prefix, below or above the next range in) only accounts with a term row of lead d
 * match: a few, read by accountId; many with few distinct terms, read through those terms' rows of the
 * term index (which holds each row's sort key after its term); else by an ordered scan of that part,
 * filtered by the words.
 */
async function segmentsOf(db: Directory['db'], scope: SearchScope, tuning: SearchTuning): Promise<Segment[]> {
  const query = scope.query;
  if (query === null) return [{ range: everySortKey, among: null, through: null }];
  const points = Array.from(query);
  const below: Segment[] = [];
  const above: Segment[] = [];
  for (let lead = 0; lead < Math.min(points.length, leadCap + 1); lead++) {
    const among = await sparseCandidates(db, { ...scope, query }, tuning.sparseLimit, lead);
    if (among?.length === 0) continue;
    const terms =
      among === null ? await distinctTerms(db, { ...scope, query }, lead, tuning.termLimit) : null;
    const through = terms === null ? null : { lead, terms };
    const outer = lead === 0 ? everySortKey : startingWith(points.slice(0, lead).join(''));
    const inner = startingWith(lead < leadCap ? points.slice(0, lead + 1).join('') : query);
    below.push({ range: { from: outer.from, below: inner.from }, among, through });
    above.unshift({ range: { from: inner.below, below: outer.below }, among, through });
  }
  return [...below, { range: startingWith(query), among: null, through: null }, ...above];
}

/**
 * The accounts one audience's rows name, in its order, read a page of `pageSize` rows at a time,
 * segment after segment (accounts the directory no longer holds are passed over).
 */
export async function* orderedEntries(
  directory: Directory,
  scope: SearchScope,
  pageSize: number,
  tuning: SearchTuning = defaultTuning,
): AsyncGenerator<DirectoryEntry> {
  for (const segment of await segmentsOf(directory.db, scope, tuning)) {
    for (let after: Keyset | null = null; ; ) {
      const rows = await orderedPage(directory.db, scope, { ...segment, after, limit: pageSize });
      const entries = await directory.entries(rows.map((row) => row.account_id));
      for (const row of rows) {
        const entry = entries.get(row.account_id);
        if (entry) yield entry;
      }
      const last = rows.at(-1);
      if (!last || rows.length < pageSize) break;
      after = { key: last.sort_key, id: last.account_id };
    }
  }
}
