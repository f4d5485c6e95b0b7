/** The `visibility` of comments and worklogs as clients send it: `{type: group|role, value}` (or `identifier`). Pure. */
import { VeilError } from '../errors/veil-error.ts';

export interface VisibilityInput {
  readonly type?: string | undefined;
  readonly value?: string | undefined;
  readonly identifier?: string | undefined;
}

/** The row columns of a restriction (both null: everyone who browses the issue), or a 400 naming it. */
export function readRestriction(visibility: VisibilityInput | undefined, what: 'comment' | 'worklog') {
  if (!visibility) return { visibility_type: null, visibility_value: null };
  const value = visibility.value ?? visibility.identifier;
  if ((visibility.type !== 'group' && visibility.type !== 'role') || !value || value.length > 255) {
    throw new VeilError('request.invalid', `The ${what} visibility is not valid`, [
      { path: 'visibility', message: 'must be {"type": "group" or "role", "value": "…"}' },
    ]);
  }
  return { visibility_type: visibility.type, visibility_value: value } as const;
}
