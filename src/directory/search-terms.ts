/**
 * The words a person is found by and the order searches answer in, shared by the search indexer (which
 * stores them) and the search (which checks each match against the viewer's view again).
 */

/** Lower-cased, accents folded (NFD, marks removed): how terms are stored and queries are compared. */
export function foldText(text: string): string {
  return text.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
}

/** The query as terms are stored: lower-cased, accents folded, outer whitespace removed. */
export function normalizeQuery(raw: string): string {
  return foldText(raw).trim();
}

/** Folded words a person can be found by: each word of the names, the whole names, the email. */
export function searchTermsOf(values: {
  fullName: string;
  publicName: string;
  email: string | null;
}): string[] {
  const terms = new Set<string>();
  for (const name of [values.fullName, values.publicName]) {
    const lower = foldText(name).trim();
    if (lower) terms.add(lower);
    for (const word of lower.split(/[\s.,'"()-]+/)) if (word) terms.add(word);
  }
  if (values.email) terms.add(foldText(values.email));
  return [...terms];
}

/** Orders by sort key, then accountId: the order every search answers in. */
export function compareNameThenId(aKey: string, aId: string, bKey: string, bId: string): number {
  if (aKey !== bKey) return aKey < bKey ? -1 : 1;
  if (aId !== bId) return aId < bId ? -1 : 1;
  return 0;
}
