/** The contracts of the profile's fields and their visibilities, from the one decision's own lists. */
import { type TOptional, Type } from 'typebox';
import { literalUnion } from '../http/contracts.ts';
import { type ProfileField, profileFields, visibilities } from '../visibility/visibility.ts';

/** One literal per visibility, from the decision's own list (most open to most closed). */
export const VisibilityValue = literalUnion(visibilities);
/** One literal per profile field, from the decision's own list. */
export const ProfileFieldName = literalUnion(profileFields);
const visibilityChoiceProperties = Object.fromEntries(
  profileFields.map((field) => [field, Type.Optional(VisibilityValue)]),
) as Record<ProfileField, TOptional<typeof VisibilityValue>>;

/** `{ field: visibility }` for any subset of the profile fields (none: the defaults); nothing else. */
export const VisibilityChoices = Type.Object(visibilityChoiceProperties, { additionalProperties: false });

/** The same, with at least one field: what a request to change visibility carries. */
export const VisibilityChoicesBody = Type.Object(visibilityChoiceProperties, {
  additionalProperties: false,
  minProperties: 1,
});
