/** `LIKE` patterns: text taken literally (the backslash escapes `%`, `_` and itself, PostgreSQL's default). */

/** `text` with the characters `LIKE` reads as wildcards escaped. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A pattern matching any text that contains `text`, taken literally. */
export function containing(text: string): string {
  return `%${escapeLike(text)}%`;
}
