import { type Static, Type } from 'typebox';

/** What the confirmation page sends: the token from the link. */
export const EmailChangeConfirmBody = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9_-]+$' }) },
  { additionalProperties: false },
);

/** The address now in force, and the organization that manages the account because of it (if any). */
export const EmailChangeConfirmed = Type.Object(
  {
    email: Type.String(),
    managedBy: Type.Union([Type.Object({ organizationId: Type.String(), name: Type.String() }), Type.Null()]),
  },
  { $id: 'EmailChangeConfirmed' },
);
export type EmailChangeConfirmed = Static<typeof EmailChangeConfirmed>;

/** The address an admin sets. */
export const AdminEmailBody = Type.Object(
  { email: Type.String({ minLength: 1, maxLength: 254 }) },
  { additionalProperties: false },
);
