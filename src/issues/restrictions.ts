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

/**
 * Who reads restricted comments and worklogs: the groups of the site they are in (names, lower case),
 * and whether they see those restricted to a role. Project roles do not exist yet in Veil, so a `role`
 * restriction is shown to site admins (and platform admins) only.
 */
export interface RestrictionReader {
  readonly accountId: string | null;
  readonly groups: ReadonlySet<string>;
  readonly seesRoles: boolean;
}

/** A reader in no group, who sees no role: what an app, or anyone anonymous, is. */
export const outsideReader = (accountId: string | null): RestrictionReader => ({
  accountId,
  groups: new Set(),
  seesRoles: false,
});

/** Whether the reader may see a comment or worklog with this restriction (its author always may). */
export function maySeeRestricted(
  reader: RestrictionReader,
  restricted: {
    readonly authorId: string | null;
    readonly visibility: { type: string; value: string } | null;
  },
): boolean {
  const { visibility } = restricted;
  if (!visibility) return true;
  if (restricted.authorId !== null && restricted.authorId === reader.accountId) return true;
  if (visibility.type === 'group') return reader.groups.has(visibility.value.toLowerCase());
  return reader.seesRoles;
}
