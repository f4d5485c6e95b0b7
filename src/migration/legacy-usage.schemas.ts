import { type Static, Type } from 'typebox';

const Counts = {
  calls: Type.Integer({ description: 'Calls that named users by username or key' }),
  refusedCalls: Type.Integer({ description: 'Of those, the calls refused (enforced stage or opted in)' }),
};

export const LegacyUsageClient = Type.Object({
  kind: Type.Union([
    Type.Literal('api-token'),
    Type.Literal('session'),
    Type.Literal('app'),
    Type.Literal('anonymous'),
  ]),
  id: Type.String({ description: 'The API token id, the accountId of a session, the app key, or empty' }),
  accountId: Type.Union([Type.String(), Type.Null()], {
    description: 'Whose token or session, or the app account',
  }),
  ...Counts,
  firstSeen: Type.String({ format: 'date-time' }),
  lastSeen: Type.String({ format: 'date-time' }),
  operations: Type.Array(Type.Object({ operation: Type.String(), ...Counts })),
});

export const LegacyUsageView = Type.Object(
  {
    siteId: Type.String(),
    stage: Type.Union([Type.Literal('legacy'), Type.Literal('enforced')]),
    stageNow: Type.Union([Type.Literal('legacy'), Type.Literal('enforced')]),
    deprecationEnds: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    ...Counts,
    clients: Type.Array(LegacyUsageClient),
  },
  { $id: 'LegacyUsage' },
);
export type LegacyUsageView = Static<typeof LegacyUsageView>;
