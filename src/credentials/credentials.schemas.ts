import { type Static, Type } from 'typebox';

export const SignInBody = Type.Object(
  {
    email: Type.String({ minLength: 1, maxLength: 254 }),
    apiToken: Type.String({ minLength: 1, maxLength: 512 }),
  },
  { additionalProperties: false },
);

export const SessionView = Type.Object({
  accountId: Type.String(),
  expiresAt: Type.String({ format: 'date-time' }),
  csrfToken: Type.String({
    description:
      'Send it as X-Veil-CSRF-Token on every request that changes something and that the cookie authenticates',
  }),
});
export type SessionView = Static<typeof SessionView>;

export const TokenMetadata = Type.Object(
  {
    id: Type.String(),
    label: Type.String(),
    createdAt: Type.String({ format: 'date-time' }),
    lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { $id: 'ApiTokenMetadata' },
);
export type TokenMetadata = Static<typeof TokenMetadata>;

export const NewTokenBody = Type.Object(
  { label: Type.String({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false },
);

export const IssuedToken = Type.Object({
  id: Type.String(),
  label: Type.String(),
  token: Type.String({ description: 'Shown once; Veil keeps only a hash' }),
});
export type IssuedToken = Static<typeof IssuedToken>;
