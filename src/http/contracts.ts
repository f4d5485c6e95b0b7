import { type Static, Type } from 'typebox';
import type { ProfileField, Visibility } from '../visibility/visibility.ts';
import { largestRequestInteger, nameFormat } from './validation.ts';

/** Veil's own error body (`/veil/v1/...`). */
export const VeilErrorBody = Type.Object(
  {
    code: Type.String({
      description: 'A namespaced code from the error catalogue, such as account.not_found',
    }),
    message: Type.String(),
    errors: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String() }))),
    requestId: Type.String(),
  },
  { $id: 'VeilError', description: 'What went wrong; `errors` lists each problem with where it is' },
);

/** The error responses every Veil operation may give, named in each contract. */
export const veilErrors = {
  400: VeilErrorBody,
  401: VeilErrorBody,
  403: VeilErrorBody,
  404: VeilErrorBody,
  409: VeilErrorBody,
} as const;

export const AccountIdString = Type.String({
  pattern: '^[A-Za-z0-9:-]{1,128}$',
  description: 'An opaque accountId',
});
export const VisibilityValue = Type.Union([
  Type.Literal('anyone'),
  Type.Literal('organization'),
  Type.Literal('only-you'),
]);
export const ProfileFieldName = Type.Union([
  Type.Literal('avatar'),
  Type.Literal('fullName'),
  Type.Literal('jobTitle'),
  Type.Literal('department'),
  Type.Literal('organization'),
  Type.Literal('location'),
  Type.Literal('timeZone'),
  Type.Literal('email'),
]);
// Compile-time checks that these contracts name exactly the values the decision knows.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Holds<T extends true> = T;
export type ContractsMatchDecision = Holds<
  Same<Static<typeof VisibilityValue>, Visibility> | Same<Static<typeof ProfileFieldName>, ProfileField>
>;
export const ProductName = Type.Union([
  Type.Literal('jira'),
  Type.Literal('confluence'),
  Type.Literal('servicedesk'),
]);
/**
 * A name people give (display, group, project, organization names): 1 to 255 characters by default, and
 * no control character, bidirectional override or isolate (the `veil-name` format).
 */
export const NameText = (options: { minLength?: number; maxLength?: number; description?: string } = {}) =>
  Type.String({ minLength: 1, maxLength: 255, ...options, format: nameFormat });

export const Slug = Type.String({
  pattern: '^[a-z0-9][a-z0-9-]{0,62}$',
  description: 'Lower-case letters, digits and -',
});

const visibilityChoiceProperties = {
  avatar: Type.Optional(VisibilityValue),
  fullName: Type.Optional(VisibilityValue),
  jobTitle: Type.Optional(VisibilityValue),
  department: Type.Optional(VisibilityValue),
  organization: Type.Optional(VisibilityValue),
  location: Type.Optional(VisibilityValue),
  timeZone: Type.Optional(VisibilityValue),
  email: Type.Optional(VisibilityValue),
} satisfies Record<ProfileField, unknown>;

/** `{ field: visibility }` for any subset of the profile fields (none: the defaults); nothing else. */
export const VisibilityChoices = Type.Object(visibilityChoiceProperties, { additionalProperties: false });

/** The same, with at least one field: what a request to change visibility carries. */
export const VisibilityChoicesBody = Type.Object(visibilityChoiceProperties, {
  additionalProperties: false,
  minProperties: 1,
});

export const NoContent = Type.Null({ description: 'No content' });

/** A paged list envelope for Veil's own lists. */
export const pageQuery = Type.Object(
  {
    startAt: Type.Integer({ minimum: 0, maximum: largestRequestInteger, default: 0 }),
    maxResults: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
  },
  { additionalProperties: false },
);
