import { type Static, Type } from 'typebox';
import { AccountIdString } from '../http/contracts.ts';

/** A personal-data report: the accounts an app stores and when it last fetched or changed each. */
export const ReportAccountsBody = Type.Object(
  {
    accounts: Type.Array(
      Type.Object(
        {
          accountId: AccountIdString,
          updatedAt: Type.String({
            format: 'date-time',
            description: "When the app last fetched or changed this account's data (ISO-8601)",
          }),
        },
        { additionalProperties: false },
      ),
      { description: 'At most 90 accounts per request' },
    ),
  },
  { additionalProperties: false },
);

/** Only the accounts that need action. */
export const ReportAccountsAnswer = Type.Object({
  accounts: Type.Array(
    Type.Object({
      accountId: Type.String(),
      status: Type.Union([Type.Literal('closed'), Type.Literal('updated')], {
        description: 'closed: erase what you hold of this person; updated: fetch it again',
      }),
    }),
  ),
});

/** An app's reporting, as platform admins watch it. */
export const ReportingAppView = Type.Object(
  {
    appKey: Type.String(),
    name: Type.String(),
    sites: Type.Integer({ description: 'Sites the app is installed on' }),
    lastReportAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    reports: Type.Integer(),
    dueBy: Type.String({ format: 'date-time', description: 'When the next report is due' }),
    overdue: Type.Boolean(),
  },
  { $id: 'ReportingApp' },
);

export const ReportingOverview = Type.Object({
  cyclePeriod: Type.String({ description: 'ISO-8601 duration' }),
  apps: Type.Array(ReportingAppView),
});
export type ReportingOverview = Static<typeof ReportingOverview>;
