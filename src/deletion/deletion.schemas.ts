import { type Static, Type } from 'typebox';
import { AccountIdString } from '../http/contracts.ts';

const Instant = Type.String({ format: 'date-time' });

/** A deletion request and where it stands. */
export const DeletionView = Type.Object(
  {
    accountId: AccountIdString,
    status: Type.Union([Type.Literal('pending'), Type.Literal('cancelled'), Type.Literal('erased')], {
      description: 'pending: the account is deactivated and waits; cancelled; erased: carried out',
    }),
    requestedAt: Instant,
    requestedBy: Type.Object({
      role: Type.Union([
        Type.Literal('self'),
        Type.Literal('organization-admin'),
        Type.Literal('platform-admin'),
        Type.Literal('scenario'),
        Type.Literal('erasure-ledger'),
      ]),
      accountId: Type.Union([AccountIdString, Type.Null()]),
    }),
    eraseAt: Type.String({ format: 'date-time', description: 'When the erasure runs (or ran)' }),
    cancelledAt: Type.Union([Instant, Type.Null()]),
    erasedAt: Type.Union([Instant, Type.Null()]),
  },
  { $id: 'Deletion' },
);
export type DeletionView = Static<typeof DeletionView>;

/** An admin's request; a shorter grace period than the configured one needs `confirm`. */
export const AdminDeletionBody = Type.Object(
  {
    gracePeriod: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        description: 'ISO-8601; shorter than the configured grace period (PT0S: at once), never longer',
      }),
    ),
    confirm: Type.Optional(
      Type.String({ maxLength: 128, description: 'The accountId being deleted, to confirm a shorter wait' }),
    ),
  },
  { additionalProperties: false },
);
export type AdminDeletionBody = Static<typeof AdminDeletionBody>;

/** Bringing the deadline of a waiting deletion forward. */
export const ShortenDeletionBody = Type.Object(
  {
    gracePeriod: Type.String({ minLength: 1, maxLength: 64, description: 'ISO-8601, counted from now' }),
    confirm: Type.String({ maxLength: 128, description: 'The accountId being deleted' }),
  },
  { additionalProperties: false },
);
