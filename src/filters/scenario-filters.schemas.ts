/** How a scenario file declares a site's filters and dashboards (see docs/scenarios.md). */
import { type Static, Type } from 'typebox';
import { AccountIdString } from '../http/contracts.ts';

const closed = { additionalProperties: false } as const;
const Name = Type.String({ minLength: 1, maxLength: 255, pattern: '\\S' });

/** Who a filter or a dashboard is shared with: a person, a group or a project of the site, or everyone. */
export const ScenarioShare = Type.Union([
  Type.Object({ type: Type.Literal('user'), accountId: AccountIdString }, closed),
  Type.Object({ type: Type.Literal('group'), group: Type.String({ minLength: 1, maxLength: 255 }) }, closed),
  Type.Object(
    { type: Type.Literal('project'), project: Type.String({ pattern: '^[A-Z][A-Z0-9_]{0,9}$' }) },
    closed,
  ),
  Type.Object({ type: Type.Union([Type.Literal('global'), Type.Literal('loggedin')]) }, closed),
]);

const shareable = {
  name: Name,
  owner: AccountIdString,
  description: Type.Optional(Type.String({ maxLength: 10000 })),
  sharePermissions: Type.Optional(Type.Array(ScenarioShare, { maxItems: 100 })),
  favouritedBy: Type.Optional(Type.Array(AccountIdString, { maxItems: 1000 })),
};

export const ScenarioFilter = Type.Object(
  { ...shareable, jql: Type.Optional(Type.String({ maxLength: 20000 })) },
  closed,
);
export const ScenarioDashboard = Type.Object(shareable, closed);

export type ScenarioShare = Static<typeof ScenarioShare>;
export type ScenarioFilter = Static<typeof ScenarioFilter>;
export type ScenarioDashboard = Static<typeof ScenarioDashboard>;
