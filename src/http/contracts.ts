import { Type } from 'typebox';
import { profileFields, visibilities } from '../visibility/visibility.ts';

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
export const VisibilityValue = Type.Union(visibilities.map((v) => Type.Literal(v)));
export const ProfileFieldName = Type.Union(profileFields.map((f) => Type.Literal(f)));
export const ProductName = Type.Union([
  Type.Literal('jira'),
  Type.Literal('confluence'),
  Type.Literal('servicedesk'),
]);
export const Slug = Type.String({
  pattern: '^[a-z0-9][a-z0-9-]{0,62}$',
  description: 'Lower-case letters, digits and -',
});

/** `{ field: visibility }` for any subset of the profile fields; nothing else. */
export const VisibilityChoicesBody = Type.Object(
  Object.fromEntries(profileFields.map((field) => [field, Type.Optional(VisibilityValue)])),
  { additionalProperties: false, minProperties: 1 },
);

export const NoContent = Type.Null({ description: 'No content' });

/** A paged list envelope for Veil's own lists. */
export const pageQuery = Type.Object(
  {
    startAt: Type.Integer({ minimum: 0, default: 0 }),
    maxResults: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
  },
  { additionalProperties: false },
);
