/**
 * Rewriting a query in place: replace some values and function arguments in the text itself, so the
 * rest keeps its spelling (keyword case, spacing, quoting, `order by`). Pure: no I/O.
 */
import type { JqlSourceMap, JqlSpan } from './jql.ast.ts';
import { printJqlArgument, printJqlOperand } from './jql.printer.ts';
import type { JqlUserPosition } from './jql.users.ts';

export interface JqlEdit {
  readonly position: JqlUserPosition;
  readonly replacement: string;
}

function spanOf(sourceMap: JqlSourceMap, position: JqlUserPosition): JqlSpan | undefined {
  return position.kind === 'value'
    ? sourceMap.values.get(position.node)
    : sourceMap.arguments.get(position.call)?.[position.index];
}

/** How a replacement is written where it goes: quoted only where JQL needs it. */
function spell(edit: JqlEdit): string {
  return edit.position.kind === 'value'
    ? printJqlOperand({ kind: 'string', value: edit.replacement })
    : printJqlArgument(edit.replacement);
}

/** The text with each edit applied at its place; null when a position is not in the source map or edits overlap. */
export function rewriteJqlInPlace(
  text: string,
  sourceMap: JqlSourceMap,
  edits: readonly JqlEdit[],
): string | null {
  const placed: { span: JqlSpan; text: string }[] = [];
  for (const edit of edits) {
    const span = spanOf(sourceMap, edit.position);
    if (!span) return null;
    placed.push({ span, text: spell(edit) });
  }
  // Pieces are gathered in text order and joined once: linear in the text, however many edits there are.
  placed.sort((a, b) => a.span.start - b.span.start);
  const pieces: string[] = [];
  let copied = 0;
  for (const { span, text: replacement } of placed) {
    if (span.start < copied) return null;
    pieces.push(text.slice(copied, span.start), replacement);
    copied = span.end;
  }
  pieces.push(text.slice(copied));
  return pieces.join('');
}
