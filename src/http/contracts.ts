import { type TLiteral, type TUnion, Type } from 'typebox';
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

/** A union of one `Type.Literal` per value, in order; its static type is the union of the values. */
export function literalUnion<const Values extends readonly string[]>(
  values: Values,
): TUnion<LiteralsOf<Values>> {
  // TypeBox types a union of an array's literals as `never`; the values are a tuple, and so are these.
  return Type.Union(values.map((value) => Type.Literal(value))) as TUnion<LiteralsOf<Values>>;
}
type LiteralsOf<Values extends readonly string[]> = { -readonly [K in keyof Values]: TLiteral<Values[K]> };

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

export const NoContent = Type.Null({ description: 'No content' });

/** A paged list envelope for Veil's own lists. */
export const pageQuery = Type.Object(
  {
    startAt: Type.Integer({ minimum: 0, maximum: largestRequestInteger, default: 0 }),
    maxResults: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
  },
  { additionalProperties: false },
);
