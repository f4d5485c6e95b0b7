/** Changelog histories on the wire: user items carry accountIds, and the names the caller may see, rendered now. */
import type { History, HistoryItem } from './issues.model.ts';
import type { People } from './people.representation.ts';
import { trackerTime } from './time.ts';

/** The names of the accountIds of a user item's value (`id1, id2` for multi-user fields), as the caller sees them. */
function namesOf(people: People, value: string | null): string | null {
  if (value === null) return null;
  return value
    .split(', ')
    .map((id) => people.name(id))
    .join(', ');
}

/** One item as the spec's `ChangeDetails` (a value the spec cannot hold, null, is left out). */
export function renderHistoryItem(people: People, item: HistoryItem) {
  const fromText = item.isUser ? namesOf(people, item.from) : item.fromString;
  const toText = item.isUser ? namesOf(people, item.to) : item.toString;
  return {
    field: item.field,
    fieldtype: item.fieldType,
    fieldId: item.fieldId,
    ...(item.from !== null ? { from: item.from } : {}),
    ...(fromText !== null ? { fromString: fromText } : {}),
    ...(item.to !== null ? { to: item.to } : {}),
    ...(toText !== null ? { toString: toText } : {}),
  };
}

/** A history as the spec's `Changelog`; its author rendered for the caller. */
export function renderHistory(people: People, history: History) {
  const author = people.details(history.authorId);
  return {
    id: history.id,
    ...(author ? { author } : {}),
    created: trackerTime(history.created),
    items: history.items.map((item) => renderHistoryItem(people, item)),
  };
}

/** Every accountId a page of histories names (authors and user items). */
export function peopleOfHistories(histories: readonly History[]): string[] {
  return histories.flatMap((h) => [
    ...(h.authorId ? [h.authorId] : []),
    ...h.items
      .flatMap((i) => (i.isUser ? [i.from, i.to] : []))
      .filter((v): v is string => v !== null)
      .flatMap((v) => v.split(', ')),
  ]);
}
