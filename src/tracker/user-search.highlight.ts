/** The user picker's `html`: names and emails escaped, with the query highlighted. */

const htmlEntities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe to place in HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => htmlEntities[c] ?? c);
}

/** The separators the search index splits names on; a match may start after any of them. */
const wordSeparator = /[\s.,'"()-]/;

/** `text`, escaped, with each place the query matches a word start (or only the start) in `<strong>`. */
function highlight(text: string, query: string, atEveryWord: boolean): string {
  if (query === '') return escapeHtml(text);
  let html = '';
  let from = 0;
  let index = 0;
  while (index + query.length <= text.length) {
    const atWordStart = index === 0 || (atEveryWord && wordSeparator.test(text[index - 1] ?? ''));
    const slice = text.slice(index, index + query.length);
    if (atWordStart && slice.toLowerCase() === query) {
      html += `${escapeHtml(text.slice(from, index))}<strong>${escapeHtml(slice)}</strong>`;
      index += query.length;
      from = index;
    } else {
      index++;
    }
  }
  return html + escapeHtml(text.slice(from));
}

/**
 * The picker's `html`: the display name, then the email only when the viewer may see it (pass
 * `view.email`), every part escaped and the query highlighted with `<strong>`.
 */
export function highlightUserHtml(
  displayName: string,
  email: string | undefined,
  query: string,
  username: string | null = null,
): string {
  const name = highlight(displayName, query, true);
  const withEmail = email === undefined ? name : `${name} - ${highlight(email, query, false)}`;
  // The legacy picker also showed the username, as `(mia)`.
  return username === null ? withEmail : `${withEmail} (${highlight(username, query, false)})`;
}
