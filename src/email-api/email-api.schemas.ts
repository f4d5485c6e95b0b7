import { type Static, Type } from 'typebox';
import { EmailApiStatusName } from '../apps/apps.schemas.ts';
import { ListParameter } from '../user-api/params.ts';
import type { EmailApiStanding } from './email-api.service.ts';

const closed = { additionalProperties: false } as const;

/** `{accountId, email}`: the tracker's `UnrestrictedUserEmail`, the wiki's `AccountIdEmailRecord`. */
export const EmailRecordView = Type.Object({ accountId: Type.String(), email: Type.String() });

export const EmailQuery = Type.Object({ accountId: Type.Optional(Type.String()) });
export const EmailBulkQuery = Type.Object({
  accountId: ListParameter,
});

export const AppKeyParams = Type.Object(
  {
    appKey: Type.String({ pattern: '^[a-zA-Z0-9._-]{1,80}$', description: 'The app key of the descriptor' }),
  },
  closed,
);

export const ApplicationBody = Type.Object(
  {
    useCases: Type.Array(Type.String({ minLength: 1, maxLength: 2000 }), {
      minItems: 1,
      maxItems: 20,
      description: 'What the app needs people’s email addresses for, one use case each',
    }),
  },
  closed,
);

export const DecisionBody = Type.Object(
  {
    status: Type.Union([Type.Literal('approved'), Type.Literal('rejected')]),
    reason: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  closed,
);

export const ApplicationsQuery = Type.Object({ status: Type.Optional(EmailApiStatusName) }, closed);

/** An app's standing with the Email API. */
export const EmailApiStandingView = Type.Object(
  {
    appKey: Type.String(),
    status: Type.Union([EmailApiStatusName, Type.Null()], { description: 'null: never applied' }),
    useCases: Type.Array(Type.String()),
    appliedBy: Type.Union([Type.String(), Type.Null()]),
    appliedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    decidedBy: Type.Union([Type.String(), Type.Null()]),
    decidedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    reason: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'EmailApiStanding' },
);
export type EmailApiStandingView = Static<typeof EmailApiStandingView>;

/** The wire view of a standing. */
export function renderStanding(standing: EmailApiStanding) {
  return {
    appKey: standing.appKey,
    status: standing.status,
    useCases: [...standing.useCases],
    appliedBy: standing.appliedBy,
    appliedAt: standing.appliedAt?.toISOString() ?? null,
    decidedBy: standing.decidedBy,
    decidedAt: standing.decidedAt?.toISOString() ?? null,
    reason: standing.reason,
  };
}
